using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using MovieSync.Messages;
using static MovieSync.Actors.Notifications.ChannelOutbox;
using static MovieSync.Actors.Notifications.JournalFollowing;
using static MovieSync.Messages.NotificationEvents;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// How a channel outbox follows the notifier's journal: from its cursor (the last notification it took), journaling each
/// one its channel wants (<see cref="NotificationQueued"/>) before the stream gets its <see cref="Ack"/>. On the outbox's
/// very first start it reads the current events first, to learn where the channel starts (<see cref="OutboxOpened"/>).
/// </summary>
internal sealed class OutboxFollowing(IChannelOutbox outbox, IActorContext context, OutboxSettings settings, OutboxLedger ledger,
    ILoggingAdapter log)
{
    private const string FollowTimer = "follow";
    private static readonly TimeSpan FollowAgainAfter = TimeSpan.FromSeconds(5);

    private long? _cursor;

    /// <summary>On the first start: the notifier's last event before this channel existed.</summary>
    private long _openedAt;

    /// <summary>What it queued before it was opened (a restart during its first start must not queue them again).</summary>
    private readonly HashSet<string> _queuedEarly = new(StringComparer.Ordinal);
    private bool _live;
    private UniqueKillSwitch? _stream;

    public void OnOpenedRecovered(OutboxOpened opened) => _cursor = opened.NotifierSequenceNr;

    public void OnQueuedRecovered(NotificationQueued queued)
    {
        if (_cursor is not null)
            _cursor = Math.Max(_cursor.Value, queued.NotifierSequenceNr);
        else
            _queuedEarly.Add(queued.Notification.DeliveryId);
    }

    /// <summary>
    /// The notifier's events after the cursor; on the outbox's very first start, its current events first, to learn where
    /// the channel starts (<see cref="OutboxOpened"/>).
    /// </summary>
    public void Follow()
    {
        _stream?.Shutdown();
        try
        {
            var journal = ReadJournal(context.System);
            var from = (_cursor ?? 0) + 1;
            var source = _cursor is null && !_live
                ? journal.CurrentEventsByPersistenceId(Notifier.Name, 0, long.MaxValue)
                : journal.EventsByPersistenceId(Notifier.Name, from, long.MaxValue);
            _stream = Run(source, context.Self, context.Materializer());
        }
        catch (Exception e)
        {
            context.Self.Tell(new Failed(e));
        }
    }

    public void OnFailed(Failed failed)
    {
        log.Warning(failed.Cause, "{0}: following the notifier's journal failed; following again in {1}", settings.Name, FollowAgainAfter);
        _stream = null;
        outbox.Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, FollowAgainAfter);
    }

    public void OnCurrentEventsRead()
    {
        if (_cursor is not null)
            return; // a live stream ended: the journal is shutting down
        _live = true;
        outbox.Journal(new OutboxOpened(_openedAt, outbox.Now), opened =>
        {
            _cursor = opened.NotifierSequenceNr;
            Follow();
        });
    }

    public void OnNotifierEvent(EventEnvelope envelope, IActorRef stream)
    {
        if (_cursor is null)
        {
            // First start: what the notifier raised before this channel existed is not sent to it.
            _openedAt = Math.Max(_openedAt, envelope.SequenceNr);
            if (envelope.Event is NotificationRaised early && settings.NotifyFrom is { } from && early.Notification.At >= from &&
                Wants(early.Notification) && _queuedEarly.Add(early.Notification.DeliveryId))
                Queue(early.Notification, envelope.SequenceNr, stream);
            else
                stream.Tell(Ack.Instance);
            return;
        }

        if (envelope.SequenceNr <= _cursor || envelope.Event is not NotificationRaised raised || !Wants(raised.Notification))
        {
            _cursor = Math.Max(_cursor.Value, envelope.SequenceNr);
            stream.Tell(Ack.Instance);
            return;
        }

        Queue(raised.Notification, envelope.SequenceNr, stream);
    }

    public void Stop() => _stream?.Shutdown();

    private void Queue(Notification notification, long notifierSequenceNr, IActorRef stream) =>
        outbox.Journal(new NotificationQueued(notification, notifierSequenceNr), queued =>
        {
            if (_cursor is not null)
                _cursor = queued.NotifierSequenceNr;
            ledger.Queued(queued.Notification);
            stream.Tell(Ack.Instance);
            outbox.SendNext();
        });

    private bool Wants(Notification notification) =>
        notification.NotTo != settings.PersistenceId && settings.Events.Contains(notification.Event, StringComparer.OrdinalIgnoreCase);
}

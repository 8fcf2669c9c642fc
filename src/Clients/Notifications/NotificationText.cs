using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>How a notification reads on the channels that show a title, an icon or one line of text.</summary>
public static class NotificationText
{
    /// <summary>The short title: ntfy's Title, the email's subject (after "MovieSync: ").</summary>
    public static string Headline(Notification notification) => notification.Kind switch
    {
        NotificationKind.Grabbed => $"Grabbed {Film(notification.Movie)}",
        NotificationKind.Completed => $"Downloaded {Film(notification.Movie)}",
        NotificationKind.PermanentFailure => $"Gave up on {Film(notification.Movie)}",
        _ => "Needs your attention",
    };

    /// <summary>ntfy's tags (shown as emoji).</summary>
    public static string Tags(Notification notification) => notification.Kind switch
    {
        NotificationKind.Grabbed => "arrow_down,movie_camera",
        NotificationKind.Completed => "white_check_mark,movie_camera",
        NotificationKind.PermanentFailure => "x,movie_camera",
        _ => "warning",
    };

    /// <summary>One emoji before the text on chat channels (Telegram, Discord).</summary>
    public static string Icon(Notification notification) => notification.Kind switch
    {
        NotificationKind.Grabbed => "⬇️",
        NotificationKind.Completed => "✅",
        NotificationKind.PermanentFailure => "❌",
        _ => "⚠️",
    };

    /// <summary>The text of a chat message: icon, headline, then the message, within <paramref name="limit"/> characters.</summary>
    public static string Chat(Notification notification, int limit)
    {
        var text = $"{Icon(notification)} {Headline(notification)}\n{notification.Message}";
        return text.Length <= limit ? text : text[..(limit - 1)] + "…";
    }

    private static string Film(NotifiedMovie? movie) =>
        movie is null ? "a movie" : movie.Year is { } year ? $"{movie.Title} ({year})" : movie.Title;
}

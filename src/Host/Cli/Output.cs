using Spectre.Console;

namespace MovieSync.Host.Cli;

/// <summary>
/// Output that suits where it goes: Spectre.Console tables and progress bars on a terminal, plain tab-separated lines
/// and one line per step when stdout is redirected (pipes, scripts, tests).
/// </summary>
public static class Output
{
    public static bool IsTerminal => !Console.IsOutputRedirected;

    /// <summary>A table on a terminal; otherwise one tab-separated line per row, without a header.</summary>
    public static void Rows(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string whenEmpty)
    {
        if (!IsTerminal)
        {
            foreach (var row in rows)
                Console.WriteLine(string.Join('\t', row.Select(Plain)));
            return;
        }

        if (rows.Count == 0)
        {
            Console.WriteLine(whenEmpty);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        foreach (var row in rows)
            table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        AnsiConsole.Write(table);
    }

    /// <summary>Runs the steps in order: a progress bar on a terminal, a line as each step starts otherwise.</summary>
    public static async Task StepsAsync(string title, IReadOnlyList<(string Description, Func<Task> Run)> steps)
    {
        if (!IsTerminal)
        {
            foreach (var (description, run) in steps)
            {
                Console.WriteLine($"… {description}");
                await run();
            }

            return;
        }

        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: steps.Count);
                foreach (var (description, run) in steps)
                {
                    task.Description = Markup.Escape(description);
                    await run();
                    task.Increment(1);
                }
            });
    }

    /// <summary>A cell on one line: tabs and line breaks would split a row.</summary>
    private static string Plain(string cell) =>
        cell.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}

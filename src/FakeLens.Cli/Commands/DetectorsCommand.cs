using System.CommandLine;
using Spectre.Console;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens detectors</c>: what this build can look at.</summary>
internal static class DetectorsCommand
{
    public static Command Create(TextWriter stdout, IReadOnlyList<FakeLens.Core.Detection.IDetector> all)
    {
        var command = new Command("detectors", "List the detectors this build ships.");
        command.SetAction(_ =>
        {
            var console = ConsoleFactory.Create(stdout);
            var table = new Table().AddColumn("Id").AddColumn("Category").AddColumn("What it looks at");
            foreach (var d in all)
            {
                table.AddRow(Markup.Escape(d.Id), d.Category.ToString(), Markup.Escape(d.Description));
            }

            console.Write(table);
            return CliApp.Ok;
        });
        return command;
    }
}

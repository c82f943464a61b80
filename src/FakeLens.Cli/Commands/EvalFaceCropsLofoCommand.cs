using System.CommandLine;
using FakeLens.Learning.Video;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval face-crops-lofo --real R.csv --fake F.csv --folds FOLDS.txt</c> (round 15, an experiment): leave-one-
/// family-out scoring of face tracks measured by <c>eval face-crops</c> (<see cref="FaceCropLeaveOneFamilyOut"/>). FOLDS
/// maps each source (first folder) to a fold, one "source fold" pair per line. <c>--baseline</c> (path,score rows) adds a
/// fixed score such as faces.blend v3; <c>--scores</c> writes every held-out score.
/// </summary>
internal static class EvalFaceCropsLofoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string>("--real") { Description = "eval face-crops CSV of real clips (with blend twins for the sbi arm).", Required = true };
        var fake = new Option<string>("--fake") { Description = "eval face-crops CSV of fake clips.", Required = true };
        var folds = new Option<string>("--folds") { Description = "Text file: one 'source fold' pair per line.", Required = true };
        var baseline = new Option<string?>("--baseline") { Description = "CSV of path,score: a fixed per-track score compared on the same tracks (e.g. faces.blend v3)." };
        var scoresOut = new Option<string?>("--scores") { Description = "CSV written: every held-out score per arm." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 15 };
        var command = new Command("face-crops-lofo", "Leave-one-family-out AUC of face-crop features (learned, self-blend trained, confound) and a fixed baseline score, on the same folds.") { real, fake, folds, baseline, scoresOut, seed };
        command.SetAction(async (parse, ct) =>
        {
            List<FaceCropTrack> rows;
            Dictionary<string, string> foldOf;
            try
            {
                rows = [.. FaceCropLeaveOneFamilyOut.Read(parse.GetValue(real)!, false), .. FaceCropLeaveOneFamilyOut.Read(parse.GetValue(fake)!, true)];
                foldOf = FaceCropLeaveOneFamilyOut.ReadFolds(parse.GetValue(folds)!);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
            {
                await stderr.WriteLineAsync("fakelens eval face-crops-lofo: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            foreach (var r in rows)
            {
                if (!foldOf.TryGetValue(r.Source, out var f))
                {
                    await stderr.WriteLineAsync($"fakelens eval face-crops-lofo: source {r.Source} has no fold in the folds file").ConfigureAwait(false);
                    return 2;
                }

                r.Fold = f;
            }

            var tracks = rows.Where(r => r.Kind == "clip").ToList();
            var arms = FaceCropLeaveOneFamilyOut.Arms(rows, parse.GetValue(seed), ct);
            if (parse.GetValue(baseline) is { } bp)
            {
                arms.Add(("baseline", FaceCropLeaveOneFamilyOut.FixedScores(bp, tracks)));
            }

            await stdout.WriteAsync(FaceCropLeaveOneFamilyOut.Tables(tracks, arms)).ConfigureAwait(false);
            if (parse.GetValue(scoresOut) is { } so)
            {
                await File.WriteAllTextAsync(so, FaceCropLeaveOneFamilyOut.ScoresCsv(tracks, arms), ct).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Watermark;
using Spectre.Console;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens watermark embed|detect|bench</c>: label content with a watermark, look for marks, measure robustness.</summary>
internal static class WatermarkCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("watermark", "Embed and detect invisible watermarks (Stable Diffusion's open marks, FakeLens's robust marks).");
        command.Subcommands.Add(CreateEmbed(stdout, stderr));
        command.Subcommands.Add(CreateDetect(stdout, stderr));
        command.Subcommands.Add(WatermarkBenchCommand.Create(stdout, stderr));
        return command;
    }

    private static Option<string?> KeyOption() => new("--key")
    {
        Description = "Passphrase of a private key (keyed schemes). Without it the open FakeLens labelling key is used, which anyone can check.",
        HelpName = "passphrase",
    };

    private static Command CreateEmbed(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("input") { Description = "Image (PNG, JPEG, WebP…) or WAV file to mark." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the marked file (.png, .jpg, .webp for images; .wav for audio).", Required = true, HelpName = "file" };
        var scheme = new Option<string>("--scheme") { Description = "Watermark scheme: " + string.Join(", ", SchemeIds()), DefaultValueFactory = _ => "fakelens-image", HelpName = "id" };
        var payload = new Option<string?>("--payload") { Description = "Payload as hex (0x…) or text. Stable Diffusion schemes default to their own payloads.", HelpName = "hex|text" };
        var key = KeyOption();
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality of the output.", DefaultValueFactory = _ => 95 };
        scheme.AcceptOnlyFromAmong([.. SchemeIds()]);
        var command = new Command("embed", "Write a watermark into an image or a WAV file.") { input, output, scheme, payload, key, quality };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(scheme)!;
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            var k = parse.GetValue(key) is { } pass ? WatermarkKey.FromPassphrase(pass) : null;
            try
            {
                if (WatermarkSchemes.Images().FirstOrDefault(s => s.Id == id) is { } img)
                {
                    var p = parse.GetValue(payload) is { } text ? WatermarkPayload.Parse(text) : img.FixedPayload;
                    if (p is null)
                    {
                        await stderr.WriteLineAsync($"fakelens: --payload is required for {id}.").ConfigureAwait(false);
                        return CliApp.UsageError;
                    }

                    var bytes = await File.ReadAllBytesAsync(inPath, ct).ConfigureAwait(false);
                    var decoded = ImageDecoder.Decode(bytes, ScanLimits.Default.MaxPixels, MediaSniffer.FromBytes(bytes));
                    var marked = img.Embed(decoded.Image, p, k);
                    await File.WriteAllBytesAsync(outPath, EncodeFor(outPath, marked, parse.GetValue(quality)), ct).ConfigureAwait(false);
                    await stdout.WriteLineAsync($"Marked {inPath} with {id} (payload {p.ToHex()}, {p.Bits.Count} bits) → {outPath}").ConfigureAwait(false);
                    return CliApp.Ok;
                }

                var audio = WatermarkSchemes.Audio().First(s => s.Id == id);
                var ap = parse.GetValue(payload) is { } atext ? WatermarkPayload.Parse(atext) : null;
                if (ap is null)
                {
                    await stderr.WriteLineAsync($"fakelens: --payload is required for {id}.").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                var (samples, rate) = AudioFiles.Read(inPath);
                AudioFiles.Write(outPath, audio.Embed(samples, rate, ap, k), rate);
                await stdout.WriteLineAsync($"Marked {inPath} with {id} (payload {ap.ToHex()}) → {outPath}").ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is MediaException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                await stderr.WriteLineAsync($"fakelens: {inPath}: {e.Message}").ConfigureAwait(false);
                return CliApp.FailOnMatched;
            }
        });
        return command;
    }

    private static Command CreateDetect(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Images or WAV files.", Arity = ArgumentArity.OneOrMore };
        var scheme = new Option<string?>("--scheme") { Description = "Only this scheme (default: every scheme that applies).", HelpName = "id" };
        var key = KeyOption();
        scheme.AcceptOnlyFromAmong([.. SchemeIds()]);
        var command = new Command("detect", "Look for watermarks and print the decoded payload, bit accuracy and p-value.") { inputs, scheme, key };
        command.SetAction(async (parse, ct) =>
        {
            var console = ConsoleFactory.Create(stdout);
            var k = parse.GetValue(key) is { } pass ? WatermarkKey.FromPassphrase(pass) : null;
            var only = parse.GetValue(scheme);
            var table = new Table().AddColumn("File").AddColumn("Scheme").AddColumn("Result").AddColumn("Payload")
                .AddColumn(new TableColumn("Bits").RightAligned()).AddColumn(new TableColumn("p-value").RightAligned());
            var failed = false;
            foreach (var path in parse.GetValue(inputs)!)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    foreach (var d in DetectAll(path, only, k))
                    {
                        table.AddRow(Markup.Escape(path), d.Scheme, StateMarkup(d.State), Markup.Escape(d.PayloadName ?? "—"),
                            $"{d.MatchingBits}/{d.TotalBits}", d.PValue.ToString("0.##E+0", CultureInfo.InvariantCulture));
                    }
                }
                catch (Exception e) when (e is MediaException or IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    failed = true;
                    table.AddRow(Markup.Escape(path), "—", "[red]error[/]", Markup.Escape(e.Message), string.Empty, string.Empty);
                }
            }

            console.Write(table);
            await Task.CompletedTask.ConfigureAwait(false);
            return failed ? CliApp.FailOnMatched : CliApp.Ok;
        });
        return command;
    }

    private static List<WatermarkDetection> DetectAll(string path, string? only, WatermarkKey? key)
    {
        var bytes = File.ReadAllBytes(path);
        var format = MediaSniffer.FromBytes(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength)));
        var result = new List<WatermarkDetection>();
        if (MediaSniffer.KindOf(format) == MediaKind.Audio)
        {
            var (samples, rate) = AudioFiles.Read(path);
            result.AddRange(WatermarkSchemes.Audio().Where(s => only is null || s.Id == only).Select(s => s.Detect(samples, rate, key)));
            return result;
        }

        var image = ImageDecoder.Decode(bytes, ScanLimits.Default.MaxPixels, format).Image;
        result.AddRange(WatermarkSchemes.Images().Where(s => only is null || s.Id == only).Select(s => s.Detect(image, key)));
        return result;
    }

    internal static byte[] EncodeFor(string path, RgbImage image, int quality) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => ImageEncoder.Jpeg(image, quality),
        ".WEBP" => ImageEncoder.WebP(image, quality),
        _ => ImageEncoder.Png(image),
    };

    private static IEnumerable<string> SchemeIds() => WatermarkSchemes.Images().Select(s => s.Id).Concat(WatermarkSchemes.Audio().Select(s => s.Id));

    private static string StateMarkup(WatermarkState s) => s switch
    {
        WatermarkState.Marked => "[bold red]marked[/]",
        WatermarkState.NotMarked => "not marked",
        _ => "[yellow]cannot decide[/]",
    };
}

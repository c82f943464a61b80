using System.CommandLine;
using FakeLens.Core.Media;
using FakeLens.Watermark;
using FakeLens.Watermark.Audio;
using FakeLens.Watermark.Bench;
using FakeLens.Watermark.Robust;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens watermark bench</c>: marks photos (and audio clips), applies the attacks platforms apply, and
/// prints markdown tables of bit accuracy and detection rate per scheme, fidelity (PSNR/SSIM, SNR), speed, and the
/// false-positive measurement on unmarked images and random crops.
/// </summary>
internal static class WatermarkBenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var images = new Option<string[]>("--images") { Description = "Folders or files of photos to mark and attack.", AllowMultipleArgumentsPerToken = true, HelpName = "path" };
        var unmarked = new Option<string[]>("--unmarked") { Description = "Folders of unmarked images for the false-positive measurement (default: --images).", AllowMultipleArgumentsPerToken = true, HelpName = "path" };
        var crops = new Option<int>("--crops") { Description = "Random crops of unmarked images examined for false positives.", DefaultValueFactory = _ => 1000 };
        var audio = new Option<string[]>("--audio") { Description = "Folders or files of audio clips (WAV, or anything ffmpeg reads) for the audio table.", AllowMultipleArgumentsPerToken = true, HelpName = "path" };
        var limit = new Option<int>("--limit") { Description = "Use at most this many photos and clips (0: all).", DefaultValueFactory = _ => 0 };
        var command = new Command("bench", "Apply platform-like attacks to marked photos and audio; print robustness, fidelity and false-positive tables (markdown).")
        {
            images, unmarked, crops, audio, limit,
        };
        command.SetAction(async (parse, ct) =>
        {
            var imageFiles = Files(parse.GetValue(images), MediaKind.Image, parse.GetValue(limit));
            var audioFiles = Files(parse.GetValue(audio), MediaKind.Audio, parse.GetValue(limit));
            if (imageFiles.Count == 0 && audioFiles.Count == 0)
            {
                await stderr.WriteLineAsync("fakelens: give --images and/or --audio with at least one file.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            if (imageFiles.Count > 0)
            {
                var photos = ImageWatermarkBench.LoadPhotos(imageFiles, ct);
                BenchScheme[] schemes =
                [
                    new(new FakeLensImageWatermark(), WatermarkPayload.Parse("0xFA4E1E25"), FakeLensImageWatermark.DefaultKey),
                    new(new DwtDctSvdWatermark(), StableDiffusionPayloads.FakeLensTest.Payload),
                    new(new DwtDctWatermark(), StableDiffusionPayloads.Sdxl.Payload),
                ];
                await stdout.WriteLineAsync("## Image watermarks\n").ConfigureAwait(false);
                await stdout.WriteLineAsync(ImageWatermarkBench.Run(schemes, photos, null, ct).ToMarkdown()).ConfigureAwait(false);
                var negatives = Files(parse.GetValue(unmarked) is { Length: > 0 } u ? u : parse.GetValue(images), MediaKind.Image, 0);
                var fp = FalsePositiveEval.Run(new FakeLensImageWatermark(), FakeLensImageWatermark.DefaultKey, negatives, parse.GetValue(crops), 1, ct);
                await stdout.WriteLineAsync("False positives: " + fp.Summary() + "\n").ConfigureAwait(false);
            }

            if (audioFiles.Count > 0)
            {
                await stdout.WriteLineAsync("## Audio watermark\n").ConfigureAwait(false);
                await stdout.WriteLineAsync(new AudioWatermarkBench { Files = audioFiles }.Run(null, ct)).ConfigureAwait(false);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static List<string> Files(string[]? inputs, MediaKind kind, int limit)
    {
        var files = Core.Scanning.InputExpander.Expand(inputs ?? [])
            .Where(f => File.Exists(f) && MediaSniffer.KindOf(MediaSniffer.FromExtension(f) ?? MediaFormat.Unknown) == kind)
            .ToList();
        return limit > 0 ? files.Take(limit).ToList() : files;
    }
}

using System.Text.Json;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>fakelens eval face-cues</c>: every face cue per track of the clips in a folder, counts per source, JSON lines.</summary>
public sealed class EvalFaceCuesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-face-cues-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Face_cues_of_a_panned_portrait_clip_are_listed_per_cue_and_a_broken_file_is_a_per_file_error()
    {
        // A real portrait panned for 10 s with a tone as its audio: one face track that never blinks (a photo), with an
        // audio envelope; beside it a file that only claims to be a video, and a text file that is not looked at.
        var source = Path.Combine(_dir, "clips", "studio");
        Directory.CreateDirectory(source);
        var photo = TestData.Path("images", "ai-vs-real", "ml72", "real", "people_4.jpg");
        Ffmpeg.Make(source, "portrait.mp4", "-loop", "1", "-framerate", "10", "-t", "10", "-i", photo, "-f", "lavfi", "-t", "10", "-i", "sine=frequency=220:sample_rate=16000",
            "-vf", "scale=-2:900,crop=640:720:x='40+t*8':y=60", "-c:v", "libx264", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        await File.WriteAllBytesAsync(Path.Combine(source, "broken.mp4"), [0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 1, 2, 3]);
        await File.WriteAllTextAsync(Path.Combine(source, "notes.txt"), "not a video");
        var json = Path.Combine(_dir, "cues.jsonl");

        var (code, output, error) = await CliRun.Async("eval", "face-cues", "--clips", Path.Combine(_dir, "clips"), "--seconds", "10", "--json", json);

        Assert.True(code == 0, error + output);
        var portrait = Path.Combine("studio", "portrait.mp4");
        foreach (var cue in new[] { "faces.blink", "faces.flicker", "faces.surroundings", "faces.lip-sync", "faces.pulse", "faces.expression" })
        {
            Assert.Contains($"{portrait}\tthe face\t{cue}\t", output, StringComparison.Ordinal);
        }

        // Ten seconds of a face that never blinks: judged (≥ 8 s) and flagged, with the small weight of round 13.
        Assert.Contains($"{portrait}\tthe face\tfaces.blink\tFLAGGED\tLR 1.15\trel 0.0", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("studio", "broken.mp4") + "\terror: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", output, StringComparison.Ordinal);
        Assert.Contains("studio\t2\tfaces.blink\t1\t1\t1", output, StringComparison.Ordinal);
        Assert.Contains("all\t2\tfaces.blink\t1\t1\t1 (100.0 % of measured)", output, StringComparison.Ordinal);

        var row = Assert.Single(await File.ReadAllLinesAsync(json));
        using var doc = JsonDocument.Parse(row);
        Assert.Equal(portrait, doc.RootElement.GetProperty("clip").GetString());
        Assert.True(doc.RootElement.GetProperty("envelope").GetBoolean());
        Assert.Equal(1, doc.RootElement.GetProperty("tracks").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("id").GetString() == "faces.head-pose" || e.GetProperty("id").GetString() == "faces.expression");
        Assert.Equal(0, doc.RootElement.GetProperty("features").GetProperty("faces.blink.count").GetDouble());
    }

    [Fact]
    public async Task A_missing_folder_is_a_clear_error()
    {
        var (code, _, error) = await CliRun.Async("eval", "face-cues", "--clips", Path.Combine(_dir, "nowhere"));

        Assert.Equal(2, code);
        Assert.Contains("no folder", error, StringComparison.Ordinal);
    }
}

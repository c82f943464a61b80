using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary>The issue-19 benchmarks print their tables (figures only; no speed is asserted).</summary>
public sealed class BenchScanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-bench-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bench_scan_prints_the_whole_scan_row_and_the_per_detector_table()
    {
        var photo = Path.Combine(_dir, "photo.jpg");
        await File.WriteAllBytesAsync(photo, ImageEncoder.Jpeg(Scenes.Natural(640, 480, seed: 4), 90));

        var (code, output, error) = await CliRun.Async("bench", "scan", photo, "--resize-to", "0.5", "--threads", "2", "--detectors", "file,image.decode,jpeg.structure,noise.residual");

        Assert.True(code == 0, error);
        Assert.Contains("| photo-0.5MP-q90.jpg | 0.5 |", output, StringComparison.Ordinal);
        Assert.Contains("| noise.residual |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| ela |", output, StringComparison.Ordinal);

        // The per-detector row: wall, CPU, CPU per MP, (Linux) the minor page faults while the detector ran and the run's
        // peak RSS when it ended (perf11; a process of at least a few MiB).
        var row = output.Split('\n').Single(l => l.StartsWith("| noise.residual |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(9, row.Length);
        Assert.Equal(OperatingSystem.IsLinux(), long.TryParse(row[5], System.Globalization.CultureInfo.InvariantCulture, out var faults) && faults >= 0);
        Assert.True(long.TryParse(row[6], System.Globalization.CultureInfo.InvariantCulture, out var peakMiB) && peakMiB >= 10, $"peak column '{row[6]}'");
        Assert.Contains("huge pages: managed heap ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.GetTempPath(), "fakelens-bench-*"), d => Directory.EnumerateFiles(d, "photo-0.5MP-q90.jpg").Any());
    }

    [Fact]
    public async Task Bench_memory_prints_rss_against_the_file_count()
    {
        for (var i = 0; i < 2; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(_dir, $"p{i}.jpg"), ImageEncoder.Jpeg(Scenes.Natural(320, 240, seed: i), 90));
        }

        var (code, output, error) = await CliRun.Async("bench", "memory", _dir, "--count", "12", "-j", "2", "--detectors", "file,image.decode");

        Assert.True(code == 0, error);
        var rows = output.Split('\n').Where(l => l.StartsWith("| 1", StringComparison.Ordinal)).Select(l => l.Split('|')[1].Trim()).ToList();
        Assert.Equal(["1", "10", "12"], rows);
    }
}

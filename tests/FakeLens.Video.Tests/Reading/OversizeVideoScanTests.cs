using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;
using FakeLens.Video.Container;

namespace FakeLens.Video.Tests.Reading;

public sealed class OversizeVideoScanTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public async Task A_video_above_the_in_memory_limit_is_analysed_from_its_path_not_refused()
    {
        var path = _clips.Pattern("long.mp4", 320, 240, 3);
        var length = new FileInfo(path).Length;
        var scanner = new Scanner([new VideoContainerDetector()], new EvidenceFusion(), ScanLimits.Default with { MaxFileBytes = 4096 });
        var report = await scanner.ScanFileAsync(path);
        Assert.Equal(FileStatus.Ok, report.Status);
        Assert.Equal(length, report.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), report.Sha256);
        Assert.Contains(report.Evidence, e => e.Id == "video.container");
    }

    [Fact]
    public async Task An_image_above_the_limit_is_still_refused()
    {
        var path = Path.Combine(_clips.Folder, "big.bin");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, .. new byte[10_000]]);
        var scanner = new Scanner([new VideoContainerDetector()], new EvidenceFusion(), ScanLimits.Default with { MaxFileBytes = 4096 });
        var report = await scanner.ScanFileAsync(path);
        Assert.Equal("too-large", report.Error?.Code);
    }

    public void Dispose() => _clips.Dispose();
}

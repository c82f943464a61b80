using System.Text.Json;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Faces;
using FakeLens.Faces.Blend;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Tests;

/// <summary>
/// End to end through the scan (issue 15's target "every face swap flagged at least inconclusive with the flagged segment
/// on the face"): an MP4 made here with ffmpeg from a real portrait whose face was pasted back with a visible seam (a
/// self-blend: warmer, blurred, 2 % larger, hull 90 %; no second identity) is scanned like any video, and the JSON report
/// must carry the faces.blend finding, a timeline segment labelled with the face, and a verdict of at least inconclusive.
/// The same clip without the paste must not be flagged by faces.blend.
/// </summary>
public sealed class VideoFaceBlendScanTests
{
    private static readonly AnalyzerOptions VideoOnly = new() { Detectors = ["file.format", "video.container", "video.frames"] };

    /// <summary>The 1006 px portrait, panned left to right in 640×480 for 3 s at 25 fps, H.264 (as FaceBlendVideoTests, but a file).</summary>
    private static string Clip(string folder, string name, bool pasted)
    {
        using var engine = FaceEngine.TryCreate(out var whyNot) ?? throw new InvalidOperationException(whyNot);
        var portrait = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "ai-vs-real", "ml72", "real", "people_4.jpg")), 100_000_000).Image;
        var image = ImageResizer.Resize(portrait, 1006, 1006);
        if (pasted)
        {
            var face = engine.Find(image, tiles: true).First();
            var seam = new SelfBlendSettings(1.0, 18, 6, -6, 1.0, 0, 1.02, 0, 0, false, 0.9, 0, 0, 0.015, 1);
            image = SelfBlender.Blend(image, face.Mesh, seam, new Random(1)).Image;
        }

        var png = Path.Combine(folder, name + ".png");
        File.WriteAllBytes(png, ImageEncoder.Png(image));
        return Ffmpeg.Make(folder, name + ".mp4", "-loop", "1", "-i", png, "-vf", "crop=600:450:x='150+t*37':y=200,scale=640:480,format=yuv420p",
            "-t", "3", "-r", "25", "-c:v", "libx264", "-crf", "20");
    }

    [Fact]
    public async Task A_video_with_a_pasted_face_is_at_least_inconclusive_with_the_flagged_segment_on_the_face()
    {
        var folder = Directory.CreateTempSubdirectory("fakelens-faceblend-scan-");
        try
        {
            var analyzer = Analyzer.Create(VideoOnly);
            var fake = await analyzer.AnalyzeAsync(Clip(folder.FullName, "pasted", pasted: true));
            var real = await analyzer.AnalyzeAsync(Clip(folder.FullName, "clean", pasted: false));

            Assert.Equal(FileStatus.Ok, fake.Status);
            var blend = Assert.Single(fake.Evidence, e => e.Id == FaceBlendEvidence.Id);
            Assert.True(blend.Direction == Core.Evidence.EvidenceDirection.Manipulated, blend.Explanation);
            Assert.Contains(fake.Verdict!.Band, (VerdictBand[])[VerdictBand.Inconclusive, VerdictBand.Manipulated]);

            // The timeline (in the JSON report, as a reader of the report sees it) has a faces.blend stretch on the face.
            var json = JsonDocument.Parse(JsonSerializer.Serialize(fake, ReportJson.Options));
            var segments = new List<JsonElement>();
            Collect(json.RootElement, "segments", segments);
            Assert.Contains(segments, s => s.GetProperty("series").GetString() == FaceBlendEvidence.Id
                && s.GetProperty("label").GetString()!.Contains("face", StringComparison.Ordinal)
                && s.GetProperty("endSeconds").GetDouble() - s.GetProperty("startSeconds").GetDouble() >= 0.5);

            Assert.Equal(FileStatus.Ok, real.Status);
            Assert.DoesNotContain(real.Evidence, e => e.Id == FaceBlendEvidence.Id && e.Direction == Core.Evidence.EvidenceDirection.Manipulated);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    /// <summary>Every element of every array named <paramref name="name"/> anywhere in the document.</summary>
    private static void Collect(JsonElement element, string name, List<JsonElement> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == name && p.Value.ValueKind == JsonValueKind.Array)
                {
                    found.AddRange(p.Value.EnumerateArray());
                }

                Collect(p.Value, name, found);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in element.EnumerateArray())
            {
                Collect(e, name, found);
            }
        }
    }
}

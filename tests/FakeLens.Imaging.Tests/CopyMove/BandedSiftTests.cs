using FakeLens.Imaging.CopyMove;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.CopyMove;

public sealed class BandedSiftTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1600, 1000)]
    [InlineData(1000, 1600)]
    public void Bands_cover_every_row_once_on_aligned_starts_within_the_pixel_budget(int width, int height)
    {
        var bands = BandedSift.Bands(width, height, BandedSift.BandPixels);

        Assert.True(bands.Count > 1);
        Assert.Equal(0, bands[0].Start);
        Assert.Equal(height, bands[^1].End);
        for (var i = 0; i < bands.Count; i++)
        {
            Assert.Equal(0, bands[i].Start % 64);
            Assert.True(i == 0 || bands[i].Start == bands[i - 1].End);
            var rows = Math.Min(height, bands[i].End + BandedSift.Margin) - Math.Max(0, bands[i].Start - BandedSift.Margin);
            Assert.True((long)rows * width <= BandedSift.BandPixels, $"band {i}: {rows} rows");
        }
    }

    [Fact]
    public void An_image_within_the_budget_is_one_band()
    {
        Assert.Equal([(0, 700)], BandedSift.Bands(700, 700, BandedSift.BandPixels));
    }

    /// <summary>Equivalence with the whole-image call: the same keypoints (position, octave, angle), and for the small ones
    /// (size ≤ 6 px, inside the margin's reach) bit-identical descriptors; measured 3964/4000 and 1314/1316 with 1 MP bands,
    /// 3912/4000 and 1314/1316 with the 0.5 MP bands of issue 19's fifth round (more seams, so more large keypoints differ).</summary>
    [Fact]
    public void Banded_keypoints_and_descriptors_match_the_whole_image_ones()
    {
        using var gray = Gray(CopyMoveScenes.Textured(1600, 1100, 5));
        using var wholeDescriptors = new Mat();
        using var bandedDescriptors = new Mat();

        var whole = BandedSift.DetectAndCompute(gray, 4000, 0.02, wholeDescriptors, int.MaxValue);
        var banded = BandedSift.DetectAndCompute(gray, 4000, 0.02, bandedDescriptors);

        Assert.True(BandedSift.Bands(1600, 1100, BandedSift.BandPixels).Count >= 2);
        Assert.Equal(banded.Length, bandedDescriptors.Rows);
        var d1 = CvImages.ToArray<float>(wholeDescriptors);
        var d2 = CvImages.ToArray<float>(bandedDescriptors);
        var index = new Dictionary<(int, int, int, int), int>();
        for (var i = 0; i < banded.Length; i++)
        {
            index[Key(banded[i])] = i;
        }

        int small = 0, smallSame = 0, all = 0, allFound = 0;
        foreach (var (kp, i) in whole.Select((k, i) => (k, i)))
        {
            var found = index.TryGetValue(Key(kp), out var j);
            all++;
            allFound += found ? 1 : 0;
            if (kp.Size > 6)
            {
                continue;
            }

            small++;
            if (found && d1.AsSpan(i * 128, 128).SequenceEqual(d2.AsSpan(j * 128, 128)))
            {
                smallSame++;
            }

        }

        output.WriteLine($"whole {whole.Length}, banded {banded.Length}; found {allFound}/{all}; size ≤ 6 px with bit-identical descriptors {smallSame}/{small}");
        Assert.True(small > 1000, $"{small} small keypoints");
        Assert.True(smallSame >= 0.99 * small, $"{smallSame}/{small} small keypoints equal");
        Assert.True(allFound >= 0.97 * all, $"{allFound}/{all} keypoints found");
    }

    private static (int, int, int, int) Key(KeyPoint k) => ((int)Math.Round(k.Pt.X * 100), (int)Math.Round(k.Pt.Y * 100), k.Octave, (int)Math.Round(k.Angle * 10));

    private static Mat Gray(FakeLens.Imaging.Decoding.RgbImage image) => CvImages.Gray(image, 4000, out _);
}

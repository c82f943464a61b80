using FakeLens.Faces.Blend;

namespace FakeLens.Faces.Tests.Blend;

public sealed class FaceBlendFoldsTests
{
    /// <summary>Synthetic tracks: per face one real and one blended track of 4 frames; blended frames sit higher on feature 0 by a source-specific shift.</summary>
    private static List<BlendTrack> Tracks(params (string Group, int Faces, float Shift)[] sources)
    {
        var rng = new Random(11);
        var tracks = new List<BlendTrack>();
        foreach (var (group, faces, shift) in sources)
        {
            for (var k = 0; k < faces; k++)
            {
                for (var copy = 0; copy < 2; copy++)
                {
                    var frames = Enumerable.Range(0, 4).Select(_ =>
                    {
                        var f = Enumerable.Range(0, FaceBlendFeatures.Count).Select(_ => (float)rng.NextDouble()).ToArray();
                        f[0] += copy * shift;
                        return (float[]?)f;
                    }).ToList();
                    tracks.Add(new BlendTrack(group, $"{group}/{k}.jpg", 0, copy, 23, 120, frames));
                }
            }
        }

        return tracks;
    }

    [Fact]
    public void Sources_with_fewer_than_the_minimum_real_faces_share_one_fold_and_the_others_stay_alone()
    {
        var tracks = Tracks(("big", 6, 1f), ("edge", 5, 1f), ("small", 4, 1f), ("tiny", 1, 1f));

        var map = FaceBlendFolds.SmallSourcesTogether(tracks, 5);

        // Faces are counted as real tracks (copy 0), not as all tracks: "small" has 8 tracks but 4 faces.
        Assert.Equal("big", map["big"]);
        Assert.Equal("edge", map["edge"]);
        Assert.Equal(FaceBlendFolds.SmallSourcesFold, map["small"]);
        Assert.Equal(FaceBlendFolds.SmallSourcesFold, map["tiny"]);
        var folds = FaceBlendFolds.Of(tracks, map);
        Assert.Equal(3, folds.Distinct().Count());
        Assert.All(Enumerable.Range(0, tracks.Count), i => Assert.Equal(map[tracks[i].Group], folds[i]));
        // Without a map every source is its own fold.
        Assert.Equal(tracks.Select(t => t.Group), FaceBlendFolds.Of(tracks, null));
    }

    [Fact]
    public void A_fold_map_round_trips_and_bad_maps_give_clear_errors()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-folds-");
        try
        {
            var path = Path.Combine(dir.FullName, "folds.csv");
            var map = new Dictionary<string, string> { ["a"] = "a", ["b"] = "small-sources", ["c"] = "small-sources" };
            FaceBlendFolds.Write(path, map);

            Assert.Equal("source,fold\na,a\nb,small-sources\nc,small-sources\n", File.ReadAllText(path));
            Assert.Equal(map, FaceBlendFolds.Read(path));

            File.WriteAllText(path, "a,b\n");
            Assert.Contains("header 'source,fold'", Assert.Throws<InvalidDataException>(() => FaceBlendFolds.Read(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "source,fold\na,x\na,y\n");
            Assert.Contains("'a' is mapped twice", Assert.Throws<InvalidDataException>(() => FaceBlendFolds.Read(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "source,fold\na\n");
            Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => FaceBlendFolds.Read(path)).Message, StringComparison.Ordinal);

            // A source of the tracks that the map does not name is an error, not a silent fold of its own.
            var tracks = Tracks(("a", 1, 1f), ("d", 1, 1f));
            Assert.Contains("d", Assert.Throws<InvalidDataException>(() => FaceBlendFolds.Of(tracks, map)).Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Leave_one_fold_out_scores_a_fold_with_a_model_that_saw_none_of_its_sources()
    {
        // "b" is the only source whose blends sit LOWER than its real frames; a model that saw "b" learns a weaker rule.
        var tracks = Tracks(("a", 3, 2f), ("b", 3, -2f), ("c", 8, 2f));
        var map = new Dictionary<string, string> { ["a"] = "ab", ["b"] = "ab", ["c"] = "c" };
        var folds = FaceBlendFolds.Of(tracks, map);

        var grouped = FaceBlendTrackEvaluation.LeaveOneGroupOut(tracks, 0, 1e-2, 60, 7, CancellationToken.None, folds);
        var perSource = FaceBlendTrackEvaluation.LeaveOneGroupOut(tracks, 0, 1e-2, 60, 7, CancellationToken.None);

        // With the map, "a"'s tracks are scored by a model trained on "c" alone — exactly that model's scores.
        var (rows, labels) = FaceBlendTrackEvaluation.Frames(tracks.Where(t => t.Group == "c"));
        var onlyC = FaceBlendModel.Train(rows, labels, 0, 1e-2, 60, 7);
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Group == "a")
            {
                Assert.Equal(FaceBlendTracks.TrackScore(tracks[i].Frames.Select(f => onlyC.Score(f!))), grouped[i], 12);
            }
        }

        // Without it, "a" is scored by a model that also saw "b", which gives other scores.
        Assert.Contains(Enumerable.Range(0, tracks.Count), i => tracks[i].Group == "a" && Math.Abs(grouped[i] - perSource[i]) > 1e-6);
        // "c" is its own fold either way, so its scores do not change.
        Assert.All(Enumerable.Range(0, tracks.Count).Where(i => tracks[i].Group == "c"), i => Assert.Equal(perSource[i], grouped[i], 12));
    }
}

using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

public sealed class ImageDatasetTests
{
    [Fact]
    public void Families_come_from_labels_csv_then_sub_folders_and_generic_folder_names_take_their_parent()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-ds-").FullName;
        try
        {
            var ai = Directory.CreateDirectory(Path.Combine(root, "set", "ai")).FullName;
            Directory.CreateDirectory(Path.Combine(ai, "sdx"));
            File.WriteAllText(Path.Combine(ai, "sdx", "a.png"), "x");
            File.WriteAllText(Path.Combine(ai, "sdx", "b.png"), "x");
            File.WriteAllText(Path.Combine(ai, "loose.jpg"), "x");
            File.WriteAllText(Path.Combine(ai, "notes.txt"), "not an image");
            File.WriteAllText(Path.Combine(ai, "labels.csv"), "file,generator,model\nsdx/b.png,\"flux\",\"Flux, dev\"\n");
            var real = Directory.CreateDirectory(Path.Combine(root, "set", "real")).FullName;
            File.WriteAllText(Path.Combine(real, "r.png"), "x");

            var samples = ImageDataset.Collect([real], [ai]);

            Assert.Equal(4, samples.Count);
            var byName = samples.ToDictionary(s => Path.GetFileName(s.Path));
            Assert.Equal(("sdx", "sdx"), (byName["a.png"].Folder, byName["a.png"].Family));
            Assert.Equal("flux", byName["b.png"].Family);
            Assert.Equal(("set-ai", "set-ai"), (byName["loose.jpg"].Folder, byName["loose.jpg"].Family));
            Assert.Equal(("set-real", "real", false), (byName["r.png"].Folder, byName["r.png"].Family, byName["r.png"].IsFake));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Sources_come_from_a_labels_csv_source_column_in_either_class_else_the_folder()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-ds-").FullName;
        try
        {
            var ai = Directory.CreateDirectory(Path.Combine(root, "ai", "flux")).FullName;
            File.WriteAllText(Path.Combine(ai, "a.png"), "x");
            File.WriteAllText(Path.Combine(ai, "b.png"), "x");
            File.WriteAllText(Path.Combine(root, "ai", "labels.csv"), "file,generator,family,source\nflux/a.png,recent,flux,Owner/Repo\n");
            var real = Directory.CreateDirectory(Path.Combine(root, "real", "cam")).FullName;
            File.WriteAllText(Path.Combine(real, "r.jpg"), "x");
            File.WriteAllText(Path.Combine(root, "real", "labels.csv"), "file,source\ncam/r.jpg,Camera/Samples\n");

            var byName = ImageDataset.Collect([Path.Combine(root, "real")], [Path.Combine(root, "ai")]).ToDictionary(s => Path.GetFileName(s.Path));

            Assert.Equal(("Owner/Repo", "recent"), (byName["a.png"].SourceName, byName["a.png"].Family)); // case kept for sources, families lower-cased
            Assert.Equal(("flux", "flux"), (byName["b.png"].SourceName, byName["b.png"].Family));
            Assert.Equal(("Camera/Samples", "real"), (byName["r.jpg"].SourceName, byName["r.jpg"].Family));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Excluded_folders_leave_no_sample_and_the_others_keep_their_place_in_the_full_listing()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-ds-").FullName;
        try
        {
            var cam = Directory.CreateDirectory(Path.Combine(root, "real", "cam")).FullName;
            var reserved = Directory.CreateDirectory(Path.Combine(root, "reserved")).FullName;
            var ai = Directory.CreateDirectory(Path.Combine(root, "ai", "gen")).FullName;
            File.WriteAllText(Path.Combine(cam, "c1.jpg"), "x");
            File.WriteAllText(Path.Combine(reserved, "k1.png"), "x");
            File.WriteAllText(Path.Combine(reserved, "k2.png"), "x");
            File.WriteAllText(Path.Combine(ai, "a1.png"), "x");

            var all = ImageDataset.Collect([cam, reserved], [Path.Combine(root, "ai")]);
            var kept = ImageDataset.Collect([cam, reserved], [Path.Combine(root, "ai")], [reserved + Path.DirectorySeparatorChar]);

            Assert.Equal(["c1.jpg", "k1.png", "k2.png", "a1.png"], all.Select(s => Path.GetFileName(s.Path)));
            Assert.Equal([0, 1, 2, 3], all.Select((s, i) => s.StreamAt(i)));
            Assert.Equal(["c1.jpg", "a1.png"], kept.Select(s => Path.GetFileName(s.Path)));
            Assert.Equal([0, 3], kept.Select((s, i) => s.StreamAt(i))); // a1.png keeps stream 3, as when nothing is excluded
            Assert.Throws<DirectoryNotFoundException>(() => ImageDataset.Collect([cam], [], [Path.Combine(root, "no-such")]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Late_real_folders_come_after_the_ai_ones_so_no_earlier_image_changes_its_stream()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-ds-").FullName;
        try
        {
            var cam = Directory.CreateDirectory(Path.Combine(root, "real", "cam")).FullName;
            var portraits = Directory.CreateDirectory(Path.Combine(root, "r6", "portraits")).FullName;
            var reserved = Directory.CreateDirectory(Path.Combine(root, "reserved")).FullName;
            var ai = Directory.CreateDirectory(Path.Combine(root, "ai", "gen")).FullName;
            File.WriteAllText(Path.Combine(cam, "c1.jpg"), "x");
            File.WriteAllText(Path.Combine(reserved, "k1.png"), "x");
            File.WriteAllText(Path.Combine(ai, "a1.png"), "x");
            File.WriteAllText(Path.Combine(ai, "a2.png"), "x");
            File.WriteAllText(Path.Combine(portraits, "p1.jpg"), "x");

            var before = ImageDataset.Collect([cam, reserved], [Path.Combine(root, "ai")], [reserved]);
            var after = ImageDataset.Collect([cam, reserved], [Path.Combine(root, "ai")], [reserved], [portraits]);
            var inline = ImageDataset.Collect([cam, reserved, portraits], [Path.Combine(root, "ai")], [reserved]);

            Assert.Equal(["c1.jpg", "a1.png", "a2.png"], before.Select(s => Path.GetFileName(s.Path)));
            Assert.Equal(["c1.jpg", "a1.png", "a2.png", "p1.jpg"], after.Select(s => Path.GetFileName(s.Path)));
            Assert.Equal(before.Select((s, i) => s.StreamAt(i)), after.Take(3).Select((s, i) => s.StreamAt(i)));
            Assert.Equal(4, after[3].StreamAt(3));
            Assert.False(after[3].IsFake);
            Assert.Equal("real", after[3].Family);
            // the same folder among the real ones would move both AI images by one place
            Assert.Equal([3, 4], inline.Where(s => s.IsFake).Select(s => s.StreamAt(inline.ToList().IndexOf(s))));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Late_ai_folders_come_last_so_a_round_adding_both_classes_moves_no_earlier_image()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-ds-").FullName;
        try
        {
            var cam = Directory.CreateDirectory(Path.Combine(root, "real", "cam")).FullName;
            var ai = Directory.CreateDirectory(Path.Combine(root, "ai", "gen")).FullName;
            var r6 = Directory.CreateDirectory(Path.Combine(root, "r6", "portraits")).FullName;
            var r7Real = Directory.CreateDirectory(Path.Combine(root, "r7", "real", "phones")).FullName;
            var r7Ai = Directory.CreateDirectory(Path.Combine(root, "r7", "ai", "flux")).FullName;
            File.WriteAllText(Path.Combine(cam, "c1.jpg"), "x");
            File.WriteAllText(Path.Combine(ai, "a1.png"), "x");
            File.WriteAllText(Path.Combine(r6, "p1.jpg"), "x");
            File.WriteAllText(Path.Combine(r7Real, "n1.jpg"), "x");
            File.WriteAllText(Path.Combine(r7Ai, "f1.png"), "x");

            var before = ImageDataset.Collect([cam], [Path.Combine(root, "ai")], [], [r6]);
            var after = ImageDataset.Collect([cam], [Path.Combine(root, "ai")], [], [r6, Path.Combine(root, "r7", "real")], [Path.Combine(root, "r7", "ai")]);

            Assert.Equal(["c1.jpg", "a1.png", "p1.jpg", "n1.jpg", "f1.png"], after.Select(s => Path.GetFileName(s.Path)));
            Assert.Equal(before.Select((s, i) => (s.Path, s.StreamAt(i))), after.Take(3).Select((s, i) => (s.Path, s.StreamAt(i))));
            Assert.False(after[3].IsFake);
            Assert.True(after[4].IsFake);
            Assert.Equal("flux", after[4].Family);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Every_kth_image_keeps_its_stream_so_a_subsample_reuses_the_full_runs_crops()
    {
        var samples = Enumerable.Range(0, 10).Select(i => new ImageSample($"f{i}.png", i % 2 == 0, "x", "x")).ToList();
        samples[3] = samples[3] with { Stream = 30 };
        var quarter = ImageDataset.EveryKth(samples, 3);
        Assert.Equal(["f0.png", "f3.png", "f6.png", "f9.png"], quarter.Select(s => s.Path));
        Assert.Equal([0, 30, 6, 9], quarter.Select((s, i) => s.StreamAt(i)));
        Assert.Same(samples, ImageDataset.EveryKth(samples, 1));
    }

    [Fact]
    public void A_missing_folder_is_an_error_not_an_empty_set() =>
        Assert.Throws<DirectoryNotFoundException>(() => ImageDataset.Collect([Path.Combine(Path.GetTempPath(), "fakelens-no-such-folder")], []).ToList());

    [Fact]
    public void The_shared_ai_folder_is_split_by_its_labels()
    {
        var samples = ImageDataset.Collect([], [TestData.Path("images", "ai")]);
        var families = samples.GroupBy(s => s.Family).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["dit", "ldm", "sd1", "sd2"], families.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(97, families.Values.Sum());
    }
}

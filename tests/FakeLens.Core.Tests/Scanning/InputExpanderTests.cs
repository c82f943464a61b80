using FakeLens.Core.Scanning;

namespace FakeLens.Core.Tests.Scanning;

public sealed class InputExpanderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Touch(string relative, byte[]? bytes = null)
    {
        var p = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes ?? [0xFF, 0xD8, 0xFF]);
        return p;
    }

    [Fact]
    public void Folders_are_walked_recursively_taking_media_and_skipping_other_files()
    {
        var a = Touch("a.jpg");
        var b = Touch("sub/deeper/b.png");
        var noExt = Touch("sub/noextension", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Touch("sub/readme.txt", "text"u8.ToArray());
        Touch(".hidden/c.jpg");
        var files = InputExpander.Expand([_dir]);
        Assert.Equal(new[] { a, noExt, b }.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Directory_symlink_loops_are_walked_once()
    {
        var a = Touch("x/a.jpg");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "x", "loop"), Path.Combine(_dir, "x"));
        var files = InputExpander.Expand([Path.Combine(_dir, "x")]);
        Assert.Equal([a], files);
    }

    [Fact]
    public void Globs_match_names_and_recursive_folders()
    {
        var a = Touch("p/one.jpg");
        var b = Touch("p/q/two.jpg");
        Touch("p/q/three.png");
        Assert.Equal([a], InputExpander.Expand([Path.Combine(_dir, "p", "*.jpg")]));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), InputExpander.Expand([Path.Combine(_dir, "p", "**", "*.jpg")]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Explicit_files_are_kept_even_when_missing_or_not_media_and_duplicates_drop()
    {
        var text = Touch("notes.txt", "x"u8.ToArray());
        var missing = Path.Combine(_dir, "missing.jpg");
        Assert.Equal([text, missing], InputExpander.Expand([text, missing, text]));
    }
}

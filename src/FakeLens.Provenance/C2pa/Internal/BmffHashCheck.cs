using System.Security.Cryptography;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// The BMFF hard binding (C2PA 2.1 §A.5 / c2pa.hash.bmff, .v2, .v3): hash of the file with the boxes the exclusions
/// name (xpath, optional data/version/flags conditions, optional subsets) left out. Version 2 and later also hash
/// the 8-byte offset of every top-level box that is not wholly excluded, in front of its bytes (c2pa-rs
/// bmff_to_jumbf_exclusions). Merkle-tree (fragmented) hashes are reported as not checked.
/// </summary>
internal static class BmffHashCheck
{
    private static readonly HashSet<string> StandardExclusions = new(StringComparer.Ordinal) { "/uuid", "/ftyp", "/mfra" };

    public static void Check(C2paAssertion binding, HashAlgorithmName alg, ReadOnlySpan<byte> file, string url, List<C2paStatus> statuses)
    {
        var data = binding.Data;
        var expected = Obj.Bytes(data, "hash");
        if (expected is null)
        {
            statuses.Add(C2paStatus.Info(C2paStatusCodes.AssertionBmffHashMalformed, url, "This BMFF hash uses a Merkle tree (fragmented media), which FakeLens does not check yet."));
            return;
        }

        List<BmffBox> top;
        try
        {
            top = BmffBox.Parse(file);
        }
        catch (C2paFormatException ex)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionBmffHashMismatch, url, "The media container cannot be parsed: " + ex.Message));
            return;
        }

        var paths = new List<(string Path, BmffBox Box)>();
        void Walk(IEnumerable<BmffBox> boxes, string prefix)
        {
            foreach (var b in boxes)
            {
                var path = prefix + "/" + b.Type;
                paths.Add((path, b));
                Walk(b.Children, path);
            }
        }

        Walk(top, string.Empty);
        var exclusions = new List<(long, long)>();
        var whollyExcluded = new HashSet<long>();
        var additional = false;
        foreach (var ex in Obj.List(Obj.Get(data, "exclusions")))
        {
            var xpath = Obj.Str(ex, "xpath");
            if (xpath is null)
            {
                continue;
            }

            additional |= !StandardExclusions.Contains(xpath);
            foreach (var (path, box) in paths)
            {
                if (path != xpath || !Matches(ex, box, file))
                {
                    continue;
                }

                var subsets = Obj.List(Obj.Get(ex, "subset"));
                if (subsets.Count == 0)
                {
                    exclusions.Add((box.Offset, box.Length));
                    whollyExcluded.Add(box.Offset);
                    continue;
                }

                foreach (var sub in subsets)
                {
                    var off = Obj.Long(sub, "offset") ?? 0;
                    var len = Obj.Long(sub, "length") ?? 0;
                    if (off >= box.Length)
                    {
                        continue;
                    }

                    if (len == 0 || off + len > box.Length)
                    {
                        len = box.Length - off;
                    }

                    exclusions.Add((box.Offset + off, len));
                }
            }
        }

        if (additional)
        {
            statuses.Add(C2paStatus.Info(C2paStatusCodes.AssertionBmffHashAdditionalExclusions, url, "The BMFF hash leaves out boxes beyond the standard ones (the manifest box, ftyp, mfra)."));
        }

        var v2 = binding.Label != "c2pa.hash.bmff";
        var markers = v2 ? top.Where(b => !whollyExcluded.Contains(b.Offset)).Select(b => b.Offset).ToList() : null;
        var actual = Hashing.HashWithExclusions(alg, file, exclusions, markers);
        var ok = actual is not null && actual.AsSpan().SequenceEqual(expected);
        statuses.Add(ok
            ? C2paStatus.Success(C2paStatusCodes.AssertionBmffHashMatch, url, "The media file's bytes match the hash signed in the manifest.")
            : C2paStatus.Failure(C2paStatusCodes.AssertionBmffHashMismatch, url, "The media file's bytes no longer match the hash signed in the manifest: the content was changed after signing."));
    }

    private static bool Matches(object? exclusion, BmffBox box, ReadOnlySpan<byte> file)
    {
        if (Obj.Long(exclusion, "length") is { } length && length != box.Length)
        {
            return false;
        }

        var payload = box.Offset + box.HeaderLength;
        if (Obj.Long(exclusion, "version") is { } version && (payload >= file.Length || file[(int)payload] != version))
        {
            return false;
        }

        if (Obj.Bytes(exclusion, "flags") is { Length: 3 } flags && (payload + 4 > file.Length || !file.Slice((int)payload + 1, 3).SequenceEqual(flags)))
        {
            return false;
        }

        foreach (var d in Obj.List(Obj.Get(exclusion, "data")))
        {
            var off = Obj.Long(d, "offset") ?? 0;
            var value = Obj.Bytes(d, "value") ?? [];
            var at = box.Offset + off;
            if (at < 0 || at + value.Length > box.Offset + box.Length || !file.Slice((int)at, value.Length).SequenceEqual(value))
            {
                return false;
            }
        }

        return true;
    }
}

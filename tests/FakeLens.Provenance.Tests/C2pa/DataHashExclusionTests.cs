using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa;

/// <summary>
/// A data hash leaves the manifest store out of the hash; the excluded bytes must hold nothing else (C2PA 2.x,
/// validating a data hash), or an attacker can put content there that no signature covers.
/// </summary>
public sealed class DataHashExclusionTests
{
    [Theory]
    [InlineData(100, 50, null, null)]            // exactly the store
    [InlineData(110, 20, null, null)]            // inside it
    [InlineData(180, 30, 200L, 10L)]             // runs 10 bytes past the first run
    [InlineData(90, 20, 90L, 10L)]               // starts 10 bytes before it
    [InlineData(100, 100, null, null)]           // two adjacent segments count as one run
    [InlineData(100, 130, 200L, 10L)]            // … but not the gap after them
    public void Exclusions_must_stay_inside_the_segments_that_hold_the_store(long start, long length, long? badStart, long? badLength)
    {
        (long, long)[] store = [(100, 50), (150, 50), (210, 40)]; // runs 100–199 and 210–249
        var outside = C2paValidator.ExclusionOutsideStore([(start, length)], store);
        Assert.Equal(badStart is null ? null : (badStart.Value, badLength!.Value), outside);
    }

    [Fact]
    public void Files_FakeLens_signs_and_the_c2pa_rs_fixtures_exclude_only_their_stores()
    {
        var set = C2paTestCredentials.Create();
        using var credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);
        var options = new C2paSignOptions("digitalCapture", "exclusion test");
        var image = Scenes.Natural(200, 150, seed: 4);
        foreach (var (bytes, format) in new[]
                 {
                     (C2paManifestSigner.Sign(ImageEncoder.Jpeg(image, 90), options, credential).Bytes, MediaFormat.Jpeg),
                     (C2paManifestSigner.Sign(ImageEncoder.Png(image), options, credential).Bytes, MediaFormat.Png),
                     (File.ReadAllBytes(TestData.Path("c2pa", "ca.jpg")), MediaFormat.Jpeg),
                     (File.ReadAllBytes(TestData.Path("c2pa", "ocsp.jpg")), MediaFormat.Jpeg),
                 })
        {
            var store = C2paReader.Read(bytes, format);
            Assert.NotNull(store.ContainerRanges);
            var result = C2paValidator.Validate(store, bytes);
            var match = Assert.Single(result.Statuses, s => s.Code == C2paStatusCodes.AssertionDataHashMatch);
            Assert.Contains("hold only the manifest store", match.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Excluded_bytes_outside_the_store_make_the_data_hash_a_mismatch_even_when_the_hash_matches()
    {
        // As if the last 40 excluded bytes were a segment of their own (the shrink-and-inject attack c2pa-rs 0.91
        // closed): the hash over the rest still matches, but those bytes are covered by no signature.
        var set = C2paTestCredentials.Create();
        using var credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);
        var signed = C2paManifestSigner.Sign(ImageEncoder.Jpeg(Scenes.Natural(200, 150, seed: 4), 90), new C2paSignOptions("digitalCapture", "t"), credential).Bytes;
        var store = C2paReader.Read(signed, MediaFormat.Jpeg);
        Assert.Equal(C2paValidationState.Valid, C2paValidator.Validate(store, signed).State);
        var ranges = store.ContainerRanges!.ToList();
        ranges[^1] = (ranges[^1].Start, ranges[^1].Length - 40);

        var result = C2paValidator.Validate(store with { ContainerRanges = ranges }, signed);

        Assert.Equal(C2paValidationState.Invalid, result.State);
        var failure = Assert.Single(result.Statuses, s => s.Code == C2paStatusCodes.AssertionDataHashMismatch);
        Assert.Contains("not part of the C2PA manifest store", failure.Explanation, StringComparison.Ordinal);
    }
}

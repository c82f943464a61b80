using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>
/// Signs a set of JPEG, PNG, WebP, WAV and MP4 files once, then asks c2pa-rs (c2pa-wasm) and c2pa-ts about them, without trust
/// anchors and with the generated CA as anchor.
/// </summary>
public sealed class ExternalValidatorFixture : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fakelens-c2pa-sign-").FullName;

    public ExternalValidatorFixture()
    {
        var credentials = C2paTestCredentials.Create();
        var anchors = Path.Combine(folder, "ca.pem");
        File.WriteAllText(anchors, credentials.TrustAnchorPem);
        using var credential = C2paSigningCredential.FromPem(credentials.ChainPem, credentials.KeyPem);
        var options = new C2paSignOptions("trainedAlgorithmicMedia", "FakeLens test image");
        var image = SignedFiles.Image();
        var tamperedImage = SignedFiles.WithOnePixelChanged(image, 100, 80);

        var jpeg = C2paManifestSigner.Sign(ImageEncoder.Jpeg(image, 90), options, credential);
        var png = C2paManifestSigner.Sign(ImageEncoder.Png(image), options, credential);
        Write("signed.jpg", jpeg.Bytes);
        Write("signed.png", png.Bytes);
        Write("tampered.jpg", SignedFiles.SpliceManifest(jpeg, ImageEncoder.Jpeg(tamperedImage, 90)));
        Write("tampered.png", SignedFiles.SpliceManifest(png, ImageEncoder.Png(tamperedImage)));

        var webp = C2paManifestSigner.Sign(ImageEncoder.WebP(image, 80), options, credential);
        Write("signed.webp", webp.Bytes);
        Write("tampered.webp", SignedFiles.AppendRiffManifest(webp, ImageEncoder.WebP(tamperedImage, 80)));
        var wav = C2paManifestSigner.Sign(SignedFiles.Wav(), options with { DigitalSourceType = "digitalCapture" }, credential);
        Write("signed.wav", wav.Bytes);
        var tamperedWav = (byte[])wav.Bytes.Clone();
        tamperedWav[44 + 2000] ^= 0x10; // one sample of the tone, after signing
        Write("tampered.wav", tamperedWav);

        // c2pa-rs's own signed MP4 (moov before mdat): the old manifest box is replaced and the chunk offsets move.
        var mp4 = C2paManifestSigner.Sign(File.ReadAllBytes(TestData.Path("c2pa", "video1.mp4")), options, credential);
        Write("signed.mp4", mp4.Bytes);
        var tamperedMp4 = (byte[])mp4.Bytes.Clone();
        tamperedMp4[^200] ^= 0x01; // one bit of the media data
        Write("tampered.mp4", tamperedMp4);
        Write("legacy.mp4", C2paManifestSigner.Sign(File.ReadAllBytes(TestData.Path("c2pa", "legacy.mp4")), options, credential).Bytes);

        var longTitle = new string('t', 150_000);
        LongManifest = C2paManifestSigner.Sign(ImageEncoder.Jpeg(image, 90), options with { Title = longTitle }, credential);
        Write("long-manifest.jpg", LongManifest.Bytes);
        Write("long-manifest.png", C2paManifestSigner.Sign(ImageEncoder.Png(image), options with { Title = longTitle }, credential).Bytes);

        Write("resigned.jpg", C2paManifestSigner.Sign(jpeg.Bytes, options with { Actions = ["c2pa.edited"] }, credential).Bytes);
        Write("resigned-c2pa-rs-fixture.jpg", C2paManifestSigner.Sign(File.ReadAllBytes(TestData.Path("c2pa", "c.jpg")), options, credential).Bytes);
        Write("real-photo.jpg", C2paManifestSigner.Sign(File.ReadAllBytes(TestData.Path("c2pa", "earth_apollo17.jpg")), options with { DigitalSourceType = "digitalCapture" }, credential).Bytes);

        // A second signer from another CA: both anchors go into one PEM bundle.
        var es384Set = C2paTestCredentials.Create(algorithm: "ES384");
        File.AppendAllText(anchors, es384Set.TrustAnchorPem);
        using (var es384 = C2paSigningCredential.FromPem(es384Set.ChainPem, es384Set.KeyPem))
        {
            Write("es384.jpg", C2paManifestSigner.Sign(ImageEncoder.Jpeg(image, 80), options, es384).Bytes);
        }

        // A signer whose certificate expired before it signed (no time-stamp, so "now" is the signing time).
        var expiredSet = C2paTestCredentials.Create(subject: "CN=Expired test signer, O=FakeLens", validity: TimeSpan.FromDays(10), validFrom: DateTimeOffset.UtcNow.AddDays(-60));
        using (var expired = C2paSigningCredential.FromPem(expiredSet.ChainPem, expiredSet.KeyPem))
        {
            Write("expired.jpg", C2paManifestSigner.Sign(ImageEncoder.Jpeg(image, 85), options, expired).Bytes);
        }

        var files = Directory.GetFiles(folder, "*.*").Where(f => !f.EndsWith(".pem", StringComparison.Ordinal)).ToList();
        Untrusted = C2paCheckTool.Run(files);
        Trusted = C2paCheckTool.Run(files, anchors);
    }

    public C2paSignResult LongManifest { get; }

    /// <summary>Results with trust checked but no anchors, by file name.</summary>
    public IReadOnlyDictionary<string, C2paCheckResult> Untrusted { get; }

    /// <summary>Results with the generated CA as trust anchor, by file name.</summary>
    public IReadOnlyDictionary<string, C2paCheckResult> Trusted { get; }

    /// <summary>PEM bundle of both test CAs.</summary>
    public string AnchorsPath => Path.Combine(folder, "ca.pem");

    public C2paCheckResult Get(string name, bool trusted = false) => (trusted ? Trusted : Untrusted)[Path.Combine(folder, name)];

    public byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(folder, name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }

    private void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(folder, name), bytes);
}

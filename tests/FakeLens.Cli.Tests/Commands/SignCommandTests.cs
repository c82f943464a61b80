using System.Buffers.Binary;
using System.CommandLine;
using FakeLens.Cli.Commands;
using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>fakelens keys create</c> and <c>fakelens sign</c> through their command objects.</summary>
public sealed class SignCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-sign-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { KeysCommand.Create(stdout, stderr), SignCommand.Create(stdout, stderr) };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return (CliApp.UsageError, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> Keys()
    {
        var keys = Path.Combine(_dir, "keys");
        var (code, _, err) = await Run("keys", "create", "--out", keys, "--subject", "CN=Desk test, O=Example");
        Assert.True(code == 0, err);
        return keys;
    }

    private string Put(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    [Fact]
    public async Task Keys_create_writes_a_chain_a_private_key_and_the_CA_that_load_as_a_signing_credential()
    {
        var keys = await Keys();

        using var credential = C2paSigningCredential.FromPemFiles(Path.Combine(keys, "chain.pem"), Path.Combine(keys, "key.pem"));
        Assert.Equal("CN=Desk test, O=Example", credential.Chain[0].Subject);
        Assert.Equal(2, credential.Chain.Count);
        Assert.Equal(credential.Chain[1].RawData, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(keys, "ca.pem"))).RawData);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "key.pem")));
        }

        var (again, _, err) = await Run("keys", "create", "--out", keys);
        Assert.Equal(CliApp.UsageError, again);
        Assert.Contains("--force", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_writes_a_jpeg_that_decodes_unchanged_and_carries_a_c2pa_APP11_store()
    {
        var keys = await Keys();
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(256, 192, 5), 88);
        var input = Put("in.jpg", jpeg);
        var output = Path.Combine(_dir, "out.jpg");

        var (code, stdout, err) = await Run("sign", input, "-o", output, "--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "key.pem"), "--source-type", "trainedAlgorithmicMedia", "--title", "Generated");

        Assert.True(code == 0, err);
        Assert.Contains("urn:c2pa:", stdout, StringComparison.Ordinal);
        Assert.Contains("validator: claim signature and hard binding valid", stdout, StringComparison.Ordinal);
        var signed = File.ReadAllBytes(output);
        Assert.Equal(ImageDecoder.Decode(jpeg, 1_000_000).Image.Pixels, ImageDecoder.Decode(signed, 1_000_000).Image.Pixels);
        var app11 = signed.AsSpan(20); // after SOI and the JFIF APP0: FF EB, Lp, "JP", En, Z, LBox, "jumb", then jumd with the "c2pa" UUID
        Assert.Equal([0xFF, 0xEB], app11[..2].ToArray());
        Assert.True(app11[4..6].SequenceEqual("JP"u8) && app11[16..20].SequenceEqual("jumb"u8) && app11[28..32].SequenceEqual("c2pa"u8));
        Assert.Equal(jpeg.Length + 2 + BinaryPrimitives.ReadUInt16BigEndian(app11[2..]), signed.Length);
    }

    [Fact]
    public async Task Sign_writes_a_png_with_a_caBX_chunk_before_the_image_data()
    {
        var keys = await Keys();
        var png = ImageEncoder.Png(Scenes.Natural(200, 150, 6));
        var input = Put("in.png", png);

        var (code, _, err) = await Run("sign", input, "-o", input, "--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "key.pem"), "--source-type", "compositeWithTrainedAlgorithmicMedia", "--action", "c2pa.edited");

        Assert.True(code == 0, err);
        var signed = File.ReadAllBytes(input);
        Assert.Equal(ImageDecoder.Decode(png, 1_000_000).Image.Pixels, ImageDecoder.Decode(signed, 1_000_000).Image.Pixels);
        Assert.True(signed.AsSpan(37, 4).SequenceEqual("caBX"u8));
        Assert.True(signed.AsSpan().IndexOf("caBX"u8) < signed.AsSpan().IndexOf("IDAT"u8));
    }

    [Fact]
    public async Task Sign_refuses_unknown_source_types_and_unsupported_files_with_a_clear_message()
    {
        var keys = await Keys();
        var gif = Put("in.gif", "GIF89a\x01\x00\x01\x00"u8.ToArray());
        var jpg = Put("in.jpg", ImageEncoder.Jpeg(Scenes.Natural(64, 64), 90));
        string[] credentials = ["--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "key.pem")];

        var (code, _, err) = await Run(["sign", jpg, "-o", jpg + ".out", .. credentials, "--source-type", "aiGenerated"]);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("trainedAlgorithmicMedia", err, StringComparison.Ordinal);

        (code, _, err) = await Run(["sign", gif, "-o", gif + ".out", .. credentials, "--source-type", "trainedAlgorithmicMedia"]);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("FakeLens signs JPEG, PNG", err, StringComparison.Ordinal);
        Assert.False(File.Exists(gif + ".out"));

        (code, _, err) = await Run(["sign", jpg, "-o", jpg + ".out", "--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "chain.pem"), "--source-type", "digitalCapture"]);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("private key", err, StringComparison.Ordinal);
    }
}

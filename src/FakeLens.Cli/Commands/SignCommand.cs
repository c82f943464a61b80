using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.C2pa.Signing;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens sign</c>: embed a signed C2PA manifest (claim v2, actions with the digital source type, data hash) in a JPEG, PNG, WebP, WAV, AVI or MP4/MOV file.</summary>
internal static class SignCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("input") { Description = "JPEG, PNG, WebP, WAV, AVI or MP4/MOV file to sign." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the signed file (may be the input).", Required = true, HelpName = "file" };
        var cert = new Option<string>("--cert") { Description = "PEM certificate chain, signer first (e.g. chain.pem from 'fakelens keys create').", Required = true, HelpName = "chain.pem" };
        var key = new Option<string>("--key") { Description = "PEM private key of the signer (PKCS#8).", Required = true, HelpName = "key.pem" };
        var sourceType = new Option<string>("--source-type")
        {
            Description = "IPTC digital source type: trainedAlgorithmicMedia (AI-generated), compositeWithTrainedAlgorithmicMedia, digitalCapture, algorithmicMedia, ... or the full IPTC URI.",
            Required = true,
            HelpName = "type",
        };
        var title = new Option<string?>("--title") { Description = "Title recorded in the claim.", HelpName = "text" };
        var actions = new Option<string[]>("--action")
        {
            Description = "C2PA actions, in order (c2pa.created is always first).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["c2pa.created"],
            HelpName = "label",
        };
        sourceType.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && DigitalSourceTypes.ToUri(v) is null)
            {
                r.AddError($"Unknown --source-type '{v}'. Known: {string.Join(", ", DigitalSourceTypes.Known)}.");
            }
        });

        var command = new Command("sign", "Sign an image, audio or video file (JPEG, PNG, WebP, WAV, AVI, MP4, MOV) with a C2PA manifest that states how it was made. An existing C2PA manifest is replaced.")
        {
            input, output, cert, key, sourceType, title, actions,
        };
        command.SetAction(async (parse, ct) =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            try
            {
                using var credential = C2paSigningCredential.FromPemFiles(parse.GetValue(cert)!, parse.GetValue(key)!);
                var bytes = await File.ReadAllBytesAsync(inPath, ct).ConfigureAwait(false);
                var options = new C2paSignOptions(parse.GetValue(sourceType)!, parse.GetValue(title), parse.GetValue(actions), ClaimGeneratorVersion: Version());
                var result = C2paManifestSigner.Sign(bytes, options, credential);

                // Verify after signing, as c2pa-rs does: never write a file our own validator calls invalid.
                var check = C2paValidator.Validate(C2paReader.Read(result.Bytes, result.Format), result.Bytes);
                if (check.State is not (C2paValidationState.Valid or C2paValidationState.Trusted))
                {
                    var codes = string.Join(", ", check.Failures.Select(f => f.Code));
                    await stderr.WriteLineAsync($"fakelens: the signed file did not validate ({check.State}: {codes}); nothing was written. Please report this.").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                var temp = outPath + ".fakelens-tmp";
                await File.WriteAllBytesAsync(temp, result.Bytes, ct).ConfigureAwait(false);
                File.Move(temp, outPath, overwrite: true);

                if (result.ReplacedExistingManifest)
                {
                    await stderr.WriteLineAsync($"fakelens: {inPath} already had a C2PA manifest; it was replaced (not kept as an ingredient).").ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"Signed {outPath}: manifest {result.ManifestLabel}, {result.ManifestStoreLength:N0} bytes, {credential.Algorithm}, signer {credential.Chain[0].Subject}.").ConfigureAwait(false);
                await stdout.WriteLineAsync("Checked with FakeLens's C2PA validator: claim signature and hard binding valid (the signer is trusted only by those who add its CA as a trust anchor).").ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is MediaException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"fakelens: cannot sign {inPath}: {e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }

    private static string Version() =>
        typeof(SignCommand).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";
}

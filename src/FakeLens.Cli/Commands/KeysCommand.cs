using System.CommandLine;
using FakeLens.Provenance.C2pa.Signing;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens keys create</c>: a test C2PA signing credential (root CA + end-entity certificate and key).</summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write chain.pem, key.pem and ca.pem into (created if missing).", Required = true, HelpName = "dir" };
        var subject = new Option<string>("--subject")
        {
            Description = "Distinguished name of the signer certificate.",
            DefaultValueFactory = _ => "CN=FakeLens test signer, O=FakeLens",
            HelpName = "dn",
        };
        var algorithm = new Option<string>("--alg") { Description = "Signature algorithm.", DefaultValueFactory = _ => "es256", HelpName = "alg" };
        algorithm.AcceptOnlyFromAmong("es256", "es384", "es512", "ps256");
        var days = new Option<int>("--days") { Description = "Days the certificates stay valid.", DefaultValueFactory = _ => 365, HelpName = "n" };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                r.AddError("--days must be between 1 and 3650.");
            }
        });
        var force = new Option<bool>("--force") { Description = "Overwrite existing files in the folder." };

        var create = new Command("create", "Create a self-signed test CA and a signer certificate that meets the C2PA certificate profile. For testing only: validators trust it only when given ca.pem as a trust anchor.")
        {
            output, subject, algorithm, days, force,
        };
        create.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(output)!;
            var files = new[] { "chain.pem", "key.pem", "ca.pem" }.Select(f => Path.Combine(dir, f)).ToArray();
            if (!parse.GetValue(force) && files.FirstOrDefault(File.Exists) is { } existing)
            {
                await stderr.WriteLineAsync($"fakelens: {existing} exists; use --force to overwrite it.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            C2paTestCredentialSet set;
            try
            {
                set = C2paTestCredentials.Create(parse.GetValue(subject)!, parse.GetValue(algorithm)!.ToUpperInvariant(), TimeSpan.FromDays(parse.GetValue(days)));
            }
            catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                await stderr.WriteLineAsync("fakelens: cannot create the certificate: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }

            try
            {
                Directory.CreateDirectory(dir);
                await File.WriteAllTextAsync(files[0], set.ChainPem, ct).ConfigureAwait(false);
                await WritePrivateAsync(files[1], set.KeyPem, ct).ConfigureAwait(false);
                await File.WriteAllTextAsync(files[2], set.TrustAnchorPem, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync("fakelens: cannot write the credential: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }

            await stdout.WriteLineAsync($"Wrote {files[0]} (signer, then CA), {files[1]} (private key, keep it secret) and {files[2]} (trust anchor).").ConfigureAwait(false);
            await stdout.WriteLineAsync($"Sign with: fakelens sign IN -o OUT --cert {files[0]} --key {files[1]} --source-type trainedAlgorithmicMedia").ConfigureAwait(false);
            await stdout.WriteLineAsync($"Validators report it untrusted unless given {files[2]} as a trust anchor.").ConfigureAwait(false);
            return CliApp.Ok;
        });

        return new Command("keys", "Manage C2PA signing credentials and API keys of the service.") { create, ApiKeysCommand.Create(stdout, stderr) };
    }

    private static async Task WritePrivateAsync(string path, string text, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text), ct).ConfigureAwait(false);
        }
    }
}

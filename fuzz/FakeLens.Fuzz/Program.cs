using FakeLens.Fuzz;
using SharpFuzz;

// fakelens-fuzz <target>                 run under afl-fuzz (SharpFuzz out-of-process loop)
// fakelens-fuzz <target> --replay FILE.. run each file once in-process and print what happened
// fakelens-fuzz <target> --time N FILE.. run each file N times in-process (after a warm-up) and print µs per run
// fakelens-fuzz --list                   list the targets
// fakelens-fuzz --jumbf ASSET OUT        write an asset's C2PA manifest store (seed helper)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: FakeLens.Fuzz <target> [--replay FILE...] | --list");
    return 2;
}

if (args[0] == "--list")
{
    foreach (var name in FuzzTargets.Names)
    {
        Console.WriteLine($"{name,-16} {FuzzTargets.Describe(name)}");
    }

    return 0;
}

if (args[0] == "--jumbf" && args.Length == 3)
{
    // Seed helper: writes the manifest store (JUMBF) of a C2PA asset, for the "jumbf" target's corpus.
    var asset = File.ReadAllBytes(args[1]);
    var store = FakeLens.Provenance.C2pa.C2paReader.Read(asset, FakeLens.Core.Media.MediaSniffer.FromBytes(asset));
    File.WriteAllBytes(args[2], store.StoreBytes.ToArray());
    return store.StoreBytes.IsEmpty ? 1 : 0;
}

var target = args[0];
_ = FuzzTargets.Describe(target);
if (args.Length > 1 && args[1] == "--replay")
{
    var failures = 0;
    foreach (var file in args.Skip(2))
    {
        try
        {
            FuzzTargets.Run(target, File.ReadAllBytes(file));
            Console.WriteLine($"ok    {file}");
        }
        catch (Exception ex)
        {
            failures++;
            Console.WriteLine($"CRASH {file}: {ex.GetType().FullName}: {ex.Message}");
            Console.WriteLine(ex.StackTrace);
        }
    }

    return failures == 0 ? 0 : 1;
}

if (args.Length > 3 && args[1] == "--time")
{
    // Uninstrumented cost of one execution per input: what bounds afl++'s rate before instrumentation and its own overhead.
    var runs = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    foreach (var file in args.Skip(3))
    {
        var input = File.ReadAllBytes(file);
        for (var i = 0; i < Math.Min(runs, 200); i++)
        {
            FuzzTargets.Run(target, input);
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            FuzzTargets.Run(target, input);
        }

        Console.WriteLine($"{sw.Elapsed.TotalMilliseconds * 1000 / runs,10:0.0} µs  {file}");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;

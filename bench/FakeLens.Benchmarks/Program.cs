using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FakeLens.Benchmarks.ScanBenchmarks).Assembly).Run(args);

using System.Diagnostics;
using System.Globalization;

/// <summary>How every throughput mode drives its operations and prints what it measured, so their figures compare.</summary>
internal static class Load
{
    /// <summary>Runs the operations <paramref name="concurrency"/> at a time, in order, timing each.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<Func<Task>> operations, int concurrency)
    {
        var latencies = new double[operations.Count];
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations.Count)
            {
                var started = Stopwatch.GetTimestamp();
                await operations[i]();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var elapsed = clock.Elapsed;
        return new Result(latencies, elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes() - allocated);
    }

    /// <summary>
    /// Repeats <paramref name="round"/> until the JIT has been quiet for three seconds (at most three minutes):
    /// the runtime compiles a hot method again and again as it climbs the tiers, in the background, for tens
    /// of seconds after a path first runs. Figures taken before then measure how far that has got.
    /// </summary>
    public static async Task WarmUntilJitQuietAsync(Func<Task> round)
    {
        var clock = Stopwatch.StartNew();
        var quietSince = TimeSpan.Zero;
        var compiledAtQuiet = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed - quietSince < TimeSpan.FromSeconds(3) && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await round();
            // A few methods a second still compile in a settled process (timers, pools growing): not a warm-up.
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (compiled - compiledAtQuiet > 3 * Math.Max(1, (clock.Elapsed - quietSince).TotalSeconds))
            {
                quietSince = clock.Elapsed;
                compiledAtQuiet = compiled;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {clock.Elapsed.TotalSeconds:0} s until the JIT was quiet ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled, {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.0} s of JIT time)"));
    }

    /// <summary>The same order on every run (fixed seed), so runs compare.</summary>
    public static List<T> Shuffle<T>(List<T> items)
    {
        var random = new Random(42);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    /// <param name="withCpu">
    /// Also this process's CPU time and allocated KB per operation: where the app and its driver share the process,
    /// figures that other work on a shared machine moves far less than operations per second.
    /// </param>
    public static void Print(string label, Result r, bool withCpu = false) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34}{r.Count,8}{r.PerSecond,10:0}{r.Percentile(0.50),9:0.0}{r.Percentile(0.99),9:0.0}")
            + (withCpu ? string.Create(CultureInfo.InvariantCulture, $"{r.CpuMicrosecondsPerOp,10:0}{r.Allocated / 1024.0 / r.Count,8:0}") : ""));
}

internal sealed record Result(double[] Latencies, TimeSpan Elapsed, TimeSpan Cpu, long Allocated)
{
    public int Count => Latencies.Length;

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CpuMicrosecondsPerOp => Cpu.TotalMicroseconds / Count;

    public double Percentile(double p)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static Result Combine(Result a, Result b) => new([.. a.Latencies, .. b.Latencies], a.Elapsed + b.Elapsed, a.Cpu + b.Cpu, a.Allocated + b.Allocated);
}

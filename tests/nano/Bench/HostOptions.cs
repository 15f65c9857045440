namespace Gateway.Bench
{
    /// <summary>What bench.sh can pass to the .NET run: the worst numbers the nanoCLR run found, to time the same keys.</summary>
    internal static class HostOptions
    {
        /// <summary>Comma-separated numbers from BENCH_WORST (.NET only; the nanoCLR has no environment), or null.</summary>
        public static string WorstNumbers()
        {
#if NANOFRAMEWORK_1_0
            return null;
#else
            string given = System.Environment.GetEnvironmentVariable("BENCH_WORST");
            return given == null || given.Length == 0 ? null : given;
#endif
        }
    }
}

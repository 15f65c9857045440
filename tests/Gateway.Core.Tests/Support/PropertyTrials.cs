namespace Gateway.Core.Tests.Support
{
    /// <summary>How many random trials a property test runs: the written count on the host, a fixed
    /// fraction of it on the device, where nanoCLR interprets IL and host-sized loops would hold a
    /// board or the virtual device for a very long time. Seeds stay the same.</summary>
    public static class PropertyTrials
    {
#if NANOFRAMEWORK_1_0
        public const int DeviceDivisor = 50;
#else
        public const int DeviceDivisor = 1;
#endif

        /// <summary>The trials to run for a test written with <paramref name="hostTrials"/> (at least 1).</summary>
        public static int Of(int hostTrials)
        {
            int n = hostTrials / DeviceDivisor;
            return n < 1 ? 1 : n;
        }
    }
}

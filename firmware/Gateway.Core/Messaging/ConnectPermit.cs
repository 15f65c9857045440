using Gateway.Core.Calls;

namespace Gateway.Core.Messaging
{
    /// <summary>Whether the MQTT adapter may start a connection attempt now, and if not, why.</summary>
    /// <remarks>
    /// On the ESP32 a TLS handshake runs in native code and stops every managed thread until it
    /// ends (docs/nanoframework.md, "TLS handshake"): no line edge is handled, no tick runs. Started
    /// while the line is in use, it can mistime or lose dialled digits or a hook flash, and a
    /// blocked number read wrong is never cut; started during a line cut, it keeps the loop open
    /// past the cut's end, up to <see cref="RelayHoldCircuit.MaxHoldMs"/>, and reads the release
    /// late. Before the clock is set (SNTP) every TLS attempt fails the certificate's date check
    /// and costs a freeze for nothing. A plain TCP connection has no handshake in native code and
    /// is never held back. A line that stays in use (receiver left off the hook) holds the attempt
    /// back for as long: records wait in the outbox, nothing is lost.
    /// </remarks>
    public static class ConnectPermit
    {
        /// <summary>Why a TLS attempt waits before the clock is set.</summary>
        public const string WaitForClock = "waiting for SNTP to set the clock (the broker's certificate dates cannot be checked before)";

        /// <summary>Why an attempt waits while the line is in use.</summary>
        public const string WaitForIdleLine = "waiting for the line to be idle (a TLS handshake stops the line inputs while it runs)";

        /// <summary>Why an attempt waits during a line cut.</summary>
        public const string WaitForCutEnd = "waiting for the line cut to end (a TLS handshake would stop the line inputs and the relay's timing)";

        /// <summary>Null when a connection attempt may start now; otherwise one of the constants above.</summary>
        /// <param name="tls">The attempt starts a TLS handshake.</param>
        /// <param name="clockSynced">The wall clock was set by SNTP (<see cref="GatewayBox.ClockSynced"/>).</param>
        /// <param name="line">Where the line's call is (<see cref="GatewayBox.State"/>).</param>
        /// <param name="lineCut">The relay holds the loop open (<see cref="GatewayBox.IsLineCut"/>).</param>
        public static string WaitReason(bool tls, bool clockSynced, CallState line, bool lineCut)
        {
            if (!tls) return null;
            if (lineCut || line == CallState.Cut) return WaitForCutEnd;
            if (line != CallState.Idle) return WaitForIdleLine;
            if (!clockSynced) return WaitForClock;
            return null;
        }
    }
}

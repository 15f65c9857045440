namespace Gateway.Core.Settings
{
    /// <summary>ESP32 GPIO numbers of the reference hardware; must match hardware/pinmap.csv (a test checks).</summary>
    /// <remarks>
    /// No strapping pins (0, 2, 5, 12, 15), no flash pins (6-11), no UART0 (1, 3: nanoFramework's
    /// debug and deploy channel). Inputs driven by the board (optos with their own pull-ups, the
    /// MT8870 outputs) sit on the input-only pins 34-39, which have no internal pulls.
    /// </remarks>
    public static class PinMap
    {
        /// <summary>Hook sense opto, low while loop current flows (off-hook); external pull-up.</summary>
        public const int HookSense = 34;
        /// <summary>Ring detector opto, low during ringing voltage; external pull-up.</summary>
        public const int RingSense = 35;
        /// <summary>MT8870 Q1 through the 74LVC245 level shifter.</summary>
        public const int DtmfQ1 = 36;
        /// <summary>MT8870 Q2 through the level shifter.</summary>
        public const int DtmfQ2 = 39;
        /// <summary>MT8870 Q3 through the level shifter.</summary>
        public const int DtmfQ3 = 25;
        /// <summary>MT8870 Q4 through the level shifter.</summary>
        public const int DtmfQ4 = 26;
        /// <summary>MT8870 StD (delayed steering: high while a valid tone pair is latched).</summary>
        public const int DtmfStD = 27;
        /// <summary>Line relay enable (the hold circuit's clear input): low releases the relay at once.</summary>
        public const int LineRelay = 23;
        /// <summary>Line relay hold: each rising edge retriggers the hold circuit, which keeps the relay
        /// energised for Calls.RelayHoldCircuit.MinHoldMs or longer after the last edge.</summary>
        public const int RelayHold = 22;
        /// <summary>Green LED (box).</summary>
        public const int LedGreen = 18;
        /// <summary>Yellow LED (line).</summary>
        public const int LedYellow = 19;
        /// <summary>Red LED (attention).</summary>
        public const int LedRed = 21;
        /// <summary>Self-test jumper to ground, read at boot; internal pull-up.</summary>
        public const int SelfTestJumper = 4;

        /// <summary>The LEDs are wired to ground through their resistors: lit when the pin is high. A
        /// fact of the board (hardware/pinmap.csv, column "active"), not a setting, so that the LEDs
        /// are right before any settings are read and whatever the settings file says.</summary>
        public const bool LedActiveLow = false;
    }
}

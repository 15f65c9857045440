using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Gateway.Core.Settings;
using Gateway.Core.Tests.Status.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Hardware
{
    /// <summary>hardware/pinmap.csv, the firmware's PinMap and the ESP32's boot rules agree (host-only: reads the csv).</summary>
    [TestClass]
    public class PinMapTests
    {
        private const string Csv = "hardware/pinmap.csv";

        private sealed class Row
        {
            public string Signal, Direction, Pull, Active;
            public int Gpio, Line;
        }

        private static List<Row> Rows()
        {
            string[] lines = File.ReadAllLines(RepoFiles.PathOf(Csv));
            Assert.AreEqual("signal,gpio,direction,pull,active,connects_to", lines[0], Csv + " header");
            List<Row> rows = new List<Row>();
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                string[] c = lines[i].Split(',', 6);
                Assert.AreEqual(6, c.Length, Csv + " line " + (i + 1) + ": 6 columns");
                rows.Add(new Row { Signal = c[0], Gpio = int.Parse(c[1]), Direction = c[2], Pull = c[3], Active = c[4], Line = i + 1 });
            }
            return rows;
        }

        private static Dictionary<string, int> Constants()
        {
            Dictionary<string, int> pins = new Dictionary<string, int>();
            foreach (FieldInfo f in typeof(PinMap).GetFields(BindingFlags.Public | BindingFlags.Static))
                if (f.IsLiteral && f.FieldType == typeof(int)) pins[f.Name] = (int)f.GetRawConstantValue();
            return pins;
        }

        [TestMethod]
        public void Every_firmware_pin_constant_matches_the_csv()
        {
            Dictionary<string, int> pins = Constants();
            List<Row> rows = Rows();
            Assert.AreEqual(rows.Count, pins.Count, "PinMap constants vs " + Csv + " rows");
            foreach (Row r in rows)
            {
                Assert.IsTrue(pins.ContainsKey(r.Signal), "PinMap has no constant " + r.Signal + " (" + Csv + " line " + r.Line + ")");
                Assert.AreEqual(r.Gpio, pins[r.Signal], r.Signal + ": PinMap vs " + Csv);
            }
        }

        [TestMethod]
        public void No_pin_is_used_twice()
        {
            HashSet<int> seen = new HashSet<int>();
            foreach (Row r in Rows())
                Assert.IsTrue(seen.Add(r.Gpio), "GPIO " + r.Gpio + " is used twice (" + r.Signal + ")");
        }

        [TestMethod]
        public void No_strapping_flash_or_console_pins()
        {
            // ESP32 datasheet: strapping pins 0, 2, 5, 12, 15 set boot mode and flash voltage; 6-11 are
            // the SPI flash; 1 and 3 are UART0, which nanoFramework uses for debugging and deployment.
            int[] forbidden = { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15 };
            foreach (Row r in Rows())
                Assert.IsFalse(Array.IndexOf(forbidden, r.Gpio) >= 0, r.Signal + " uses GPIO " + r.Gpio + ", which is unsafe at boot");
        }

        [TestMethod]
        public void Pins_exist_on_the_esp32()
        {
            foreach (Row r in Rows())
                Assert.IsTrue((r.Gpio >= 0 && r.Gpio <= 27) || (r.Gpio >= 32 && r.Gpio <= 39) && r.Gpio != 24,
                    r.Signal + ": GPIO " + r.Gpio + " does not exist on the ESP32");
        }

        [TestMethod]
        public void Input_only_pins_carry_inputs_without_internal_pulls()
        {
            // GPIO 34-39 cannot drive and have no internal pull resistors.
            foreach (Row r in Rows())
            {
                if (r.Gpio < 34) continue;
                Assert.AreEqual("input", r.Direction, r.Signal + ": GPIO " + r.Gpio + " is input-only");
                Assert.IsFalse(r.Pull.StartsWith("internal"), r.Signal + ": GPIO " + r.Gpio + " has no internal pull resistor");
            }
        }

        [TestMethod]
        public void Columns_use_known_values()
        {
            foreach (Row r in Rows())
            {
                Assert.IsTrue(r.Direction == "input" || r.Direction == "output", r.Signal + ": direction " + r.Direction);
                Assert.IsTrue(r.Active == "high" || r.Active == "low", r.Signal + ": active " + r.Active);
                Assert.IsTrue(Array.IndexOf(new[] { "none", "external", "external-down", "internal-up" }, r.Pull) >= 0, r.Signal + ": pull " + r.Pull);
            }
        }

        [TestMethod]
        public void Led_polarity_in_the_firmware_matches_the_wiring()
        {
            foreach (Row r in Rows())
                if (r.Signal.StartsWith("Led"))
                    Assert.AreEqual(PinMap.LedActiveLow ? "low" : "high", r.Active, r.Signal + ": PinMap.LedActiveLow vs " + Csv);
        }

        [TestMethod]
        public void The_line_relay_pin_is_low_at_reset_so_the_line_stays_connected()
        {
            // An output pin floats at reset: only a pull-down keeps the relay driver off (loop closed)
            // until the firmware runs.
            Row relay = Rows().Find(r => r.Signal == "LineRelay");
            Assert.IsNotNull(relay);
            Assert.AreEqual("external-down", relay.Pull);
            Assert.AreEqual("high", relay.Active);
        }
    }
}

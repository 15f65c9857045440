using System;
using System.Device.Gpio;
using Gateway.Core;
using Gateway.Core.Settings;
using Gateway.Core.Status;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Hook, ring and MT8870 pins: each edge is timestamped and handed to the box (and, in self-test, to the self-test too).</summary>
    /// <remarks>
    /// nanoFramework's pin events carry no timestamp and arrive through the CLR's event queue, so
    /// the time is taken when the handler runs: late by the queue delay and uneven under load. The
    /// line timings have margins of tens of ms for this (docs/nanoframework.md). No debounce in
    /// the driver: the decoder debounces, and self-test must show the raw levels.
    /// The edge's direction comes from the event, not a fresh read, so a bounce that settled
    /// before the handler ran is still seen as the pair of edges it was.
    /// </remarks>
    internal sealed class LineInputs
    {
        private readonly object _gate;
        private readonly GatewayBox _box;
        private readonly WiringSelfTest _selfTest;
        private readonly GpioPin _hook, _ring, _q1, _q2, _q3, _q4, _std;

        /// <summary>Feeds <paramref name="box"/>, and <paramref name="selfTest"/> when it is not null, under <paramref name="gate"/>.</summary>
        public LineInputs(GpioController gpio, object gate, GatewayBox box, WiringSelfTest selfTest)
        {
            _gate = gate;
            _box = box;
            _selfTest = selfTest;
            // GPIO 34-39 have no internal pulls: the board's resistors set the idle levels.
            _hook = gpio.OpenPin(PinMap.HookSense, PinMode.Input);
            _ring = gpio.OpenPin(PinMap.RingSense, PinMode.Input);
            _q1 = gpio.OpenPin(PinMap.DtmfQ1, PinMode.Input);
            _q2 = gpio.OpenPin(PinMap.DtmfQ2, PinMode.Input);
            _q3 = gpio.OpenPin(PinMap.DtmfQ3, PinMode.Input);
            _q4 = gpio.OpenPin(PinMap.DtmfQ4, PinMode.Input);
            _std = gpio.OpenPin(PinMap.DtmfStD, PinMode.Input);
            _hook.DebounceTimeout = TimeSpan.Zero;
            _ring.DebounceTimeout = TimeSpan.Zero;
            _std.DebounceTimeout = TimeSpan.Zero;
            _hook.ValueChanged += OnHook;
            _ring.ValueChanged += OnRing;
            _std.ValueChanged += OnStrobe;
        }

        /// <summary>Reports the current levels once, so the decoder starts from the line's real state.</summary>
        public void ReportInitialLevels()
        {
            long now = MonotonicClock.NowMs();
            Hook(_hook.Read() == PinValue.Low, now);
            Ring(_ring.Read() == PinValue.Low, now);
        }

        private void OnHook(object sender, PinValueChangedEventArgs e)
        {
            // Opto conducts while loop current flows: falling edge = loop closed (off-hook).
            Hook(e.ChangeType == PinEventTypes.Falling, MonotonicClock.NowMs());
        }

        private void OnRing(object sender, PinValueChangedEventArgs e)
        {
            Ring(e.ChangeType == PinEventTypes.Falling, MonotonicClock.NowMs());
        }

        private void OnStrobe(object sender, PinValueChangedEventArgs e)
        {
            long now = MonotonicClock.NowMs();
            bool high = e.ChangeType == PinEventTypes.Rising;
            // Q1-Q4 are latched while StD is high (MT8870 datasheet), so reading them here is safe;
            // on the falling edge the decoder and the self-test ignore the code, so it is not read.
            int code = !high ? 0 : (_q1.Read() == PinValue.High ? 1 : 0) | (_q2.Read() == PinValue.High ? 2 : 0)
                | (_q3.Read() == PinValue.High ? 4 : 0) | (_q4.Read() == PinValue.High ? 8 : 0);
            lock (_gate)
            {
                if (_selfTest != null) _selfTest.OnDtmfStrobe(high, code, now);
                _box.OnDtmfStrobe(high, code, now);
            }
        }

        private void Hook(bool loopClosed, long now)
        {
            lock (_gate)
            {
                if (_selfTest != null) _selfTest.OnHookLevel(loopClosed, now);
                _box.OnHookLevel(loopClosed, now);
            }
        }

        private void Ring(bool ringing, long now)
        {
            lock (_gate)
            {
                if (_selfTest != null) _selfTest.OnRingLevel(ringing, now);
                _box.OnRingLevel(ringing, now);
            }
        }
    }
}

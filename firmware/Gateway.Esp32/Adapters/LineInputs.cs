using System;
using System.Device.Gpio;
using Gateway.Core.Line;
using Gateway.Core.Settings;
using nanoFramework.Runtime.Events;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Hook, ring and MT8870 pins: each edge is stamped with the time of its interrupt and
    /// queued for the main loop (<see cref="LineEdgePump"/>), without taking any lock.</summary>
    /// <remarks>
    /// System.Device.Gpio's events carry no time: its event processor drops the time the runtime
    /// recorded in the interrupt (GpioPinEventListener.cs @ cd99158), so a handler could only stamp
    /// the moment it ran, late by every GC pause, lock wait and native call before it. This class
    /// takes the GPIO event category over instead (EventSink keeps one processor and one listener
    /// per category, nanoFramework.Runtime.Events @ ec7a0a0) and reads the pin number, the level
    /// and the interrupt time itself (docs/nanoframework.md, "Edge times"). The pins' own
    /// ValueChanged handlers only arm their interrupts; they are never called.
    /// Q1-Q4 are read in the processor, the first managed code to run after StD rises: right as
    /// long as that happens before the next key latches (docs/line-signalling.md).
    /// No debounce in the driver: the decoder debounces, and self-test must show the raw levels.
    /// </remarks>
    internal sealed class LineInputs : IEventProcessor, IEventListener
    {
        private readonly LineEdgeQueue _queue;
        private readonly InterruptTimeBase _timeBase = new InterruptTimeBase();
        private readonly GpioPin _hook, _ring, _q1, _q2, _q3, _q4, _std;
        // Returned for every edge and ignored by this listener: no allocation per edge.
        private readonly LineEdgeEvent _event = new LineEdgeEvent();

        public LineInputs(GpioController gpio, LineEdgeQueue queue)
        {
            _queue = queue;
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
            // A handler arms the pin's interrupt (GpioPin.ValueChanged sets the pin mode again)...
            _hook.ValueChanged += Armed;
            _ring.ValueChanged += Armed;
            _std.ValueChanged += Armed;
            // ...and the category is taken over after the pins exist, so it replaces the library's.
            EventSink.AddEventProcessor(EventCategory.Gpio, this);
            EventSink.AddEventListener(EventCategory.Gpio, this);
        }

        /// <summary>Queues the current levels once, so the decoder starts from the line's real state.</summary>
        public void ReportInitialLevels()
        {
            long now = MonotonicClock.NowMs();
            _queue.Push(LineEdgeQueue.Hook, _hook.Read() == PinValue.Low, 0, now);
            _queue.Push(LineEdgeQueue.Ring, _ring.Read() == PinValue.Low, 0, now);
        }

        public BaseEvent ProcessEvent(uint data1, uint data2, DateTime time)
        {
            long now = MonotonicClock.NowMs();
            // data1 = pin << 16 | category << 8 | subcategory; data2 = the level after the edge.
            int pin = (int)(data1 >> 16);
            bool high = data2 != 0;
            long t = _timeBase.ToMonotonic(time.Ticks / TimeSpan.TicksPerMillisecond, now);
            // Optos conduct while current flows: low = loop closed (off-hook) or ringing voltage.
            if (pin == PinMap.HookSense) _queue.Push(LineEdgeQueue.Hook, !high, 0, t);
            else if (pin == PinMap.RingSense) _queue.Push(LineEdgeQueue.Ring, !high, 0, t);
            else if (pin == PinMap.DtmfStD) _queue.Push(LineEdgeQueue.Strobe, high, high ? Code() : 0, t);
            return _event;
        }

        public void InitializeForEventSource()
        {
        }

        public bool OnEvent(BaseEvent ev)
        {
            return true;
        }

        // Q1-Q4 are latched while StD is high (MT8870 datasheet); on the falling edge the code is not used.
        private int Code()
        {
            return (_q1.Read() == PinValue.High ? 1 : 0) | (_q2.Read() == PinValue.High ? 2 : 0)
                | (_q3.Read() == PinValue.High ? 4 : 0) | (_q4.Read() == PinValue.High ? 8 : 0);
        }

        private static void Armed(object sender, PinValueChangedEventArgs e)
        {
        }

        private sealed class LineEdgeEvent : BaseEvent
        {
        }
    }
}

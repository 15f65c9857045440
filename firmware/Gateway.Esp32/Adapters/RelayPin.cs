using System.Device.Gpio;
using Gateway.Core.Calls;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Drives the line relay through its hold circuit (hardware/README.md, "Relay"): the enable
    /// pin must be high and the hold pin must keep rising for the relay to stay energised, which opens
    /// the normally-closed contact in the loop.</summary>
    /// <remarks>Opened first thing at boot and written low, so the line is connected while the rest
    /// starts; before that the enable line's pull-down holds the circuit cleared.</remarks>
    internal sealed class RelayPin : ILineRelay
    {
        private readonly GpioPin _enable;
        private readonly GpioPin _hold;

        public RelayPin(GpioController gpio, int enablePin, int holdPin)
        {
            _enable = gpio.OpenPin(enablePin, PinMode.Output);
            _enable.Write(PinValue.Low);
            _hold = gpio.OpenPin(holdPin, PinMode.Output);
            _hold.Write(PinValue.Low);
        }

        public void SetLoopOpen(bool open)
        {
            _enable.Write(open ? PinValue.High : PinValue.Low);
            if (open) ConfirmOpen();
        }

        public void ConfirmOpen()
        {
            // The monostable triggers on the rising edge of its B input.
            _hold.Write(PinValue.Low);
            _hold.Write(PinValue.High);
        }
    }
}

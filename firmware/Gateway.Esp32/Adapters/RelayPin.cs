using System.Device.Gpio;
using Gateway.Core.Calls;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Drives the line relay: high energises it, which opens the normally-closed contact in the loop.</summary>
    /// <remarks>Opened first thing at boot and written low, so the line is connected while the rest
    /// starts; before that the board's base pull-down keeps the driver off.</remarks>
    internal sealed class RelayPin : ILineRelay
    {
        private readonly GpioPin _pin;

        public RelayPin(GpioController gpio, int pinNumber)
        {
            _pin = gpio.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);
        }

        public void SetLoopOpen(bool open)
        {
            _pin.Write(open ? PinValue.High : PinValue.Low);
        }
    }
}

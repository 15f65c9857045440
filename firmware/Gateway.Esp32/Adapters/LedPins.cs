using System.Device.Gpio;
using Gateway.Core.Settings;
using Gateway.Core.Status;

namespace Gateway.Esp32.Adapters
{
    /// <summary>Writes the three status LEDs from <see cref="StatusTable.LedsAt"/>'s bit mask.</summary>
    internal sealed class LedPins
    {
        private readonly GpioPin _green, _yellow, _red;
        private readonly bool _activeLow;
        private int _shown = -1;

        public LedPins(GpioController gpio, bool activeLow)
        {
            _activeLow = activeLow;
            _green = gpio.OpenPin(PinMap.LedGreen, PinMode.Output);
            _yellow = gpio.OpenPin(PinMap.LedYellow, PinMode.Output);
            _red = gpio.OpenPin(PinMap.LedRed, PinMode.Output);
        }

        public void Show(int leds)
        {
            if (leds == _shown) return;
            _shown = leds;
            Write(_green, (leds & StatusTable.GreenBit) != 0);
            Write(_yellow, (leds & StatusTable.YellowBit) != 0);
            Write(_red, (leds & StatusTable.RedBit) != 0);
        }

        private void Write(GpioPin pin, bool lit)
        {
            pin.Write(lit != _activeLow ? PinValue.High : PinValue.Low);
        }
    }
}

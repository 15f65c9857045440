namespace Gateway.Core.Status
{
    /// <summary>One row of the LED legend: a state (or line state) and what each LED does.</summary>
    public sealed class StatusRow
    {
        /// <summary>The legend's name for the state.</summary>
        public readonly string Name;
        /// <summary>Green LED ("box").</summary>
        public readonly LedPattern Green;
        /// <summary>Yellow LED ("line").</summary>
        public readonly LedPattern Yellow;
        /// <summary>Red LED ("attention").</summary>
        public readonly LedPattern Red;

        /// <summary>A legend row.</summary>
        public StatusRow(string name, LedPattern green, LedPattern yellow, LedPattern red)
        {
            Name = name;
            Green = green;
            Yellow = yellow;
            Red = red;
        }
    }
}

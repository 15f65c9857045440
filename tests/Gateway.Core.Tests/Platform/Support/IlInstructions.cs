using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Platform.Support
{
    /// <summary>A method body's IL, opcode by opcode (host-only: System.Reflection.Emit's opcode table).</summary>
    internal static class IlInstructions
    {
        private static readonly Dictionary<int, OpCode> ByValue = Load();

        /// <summary>Each opcode of <paramref name="il"/> with the offset of its operand.</summary>
        public static IEnumerable<(OpCode Op, int Operand)> Of(byte[] il)
        {
            int i = 0;
            while (i < il.Length)
            {
                int value = il[i++];
                if (value == 0xFE) value = 0xFE00 | il[i++];
                Assert.IsTrue(ByValue.TryGetValue(value, out OpCode op), "unknown IL opcode 0x" + value.ToString("X"));
                int size = op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
                yield return (op, i);
                i += size;
            }
        }

        /// <summary>The 4-byte operand (a metadata token for calls, fields, types, strings) of an opcode that has one, else 0.</summary>
        public static int Token(byte[] il, OpCode op, int operand)
        {
            switch (op.OperandType)
            {
                case OperandType.InlineNone: case OperandType.ShortInlineBrTarget: case OperandType.ShortInlineI: case OperandType.ShortInlineVar:
                case OperandType.InlineVar: case OperandType.InlineI8: case OperandType.InlineR: case OperandType.InlineSwitch:
                    return 0;
                default:
                    return BitConverter.ToInt32(il, operand);
            }
        }

        private static Dictionary<int, OpCode> Load()
        {
            Dictionary<int, OpCode> table = new Dictionary<int, OpCode>();
            foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                OpCode op = (OpCode)f.GetValue(null);
                table[(ushort)op.Value] = op;
            }
            return table;
        }
    }
}

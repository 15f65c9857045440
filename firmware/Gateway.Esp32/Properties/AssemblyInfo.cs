using System.Reflection;

[assembly: AssemblyTitle("Gateway.Esp32")]
[assembly: AssemblyDescription("Gateway box firmware for ESP32 (.NET nanoFramework)")]
[assembly: AssemblyVersion("0.1.0.0")]

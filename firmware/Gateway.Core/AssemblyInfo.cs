using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("Gateway.Core")]
[assembly: AssemblyDescription("Telephone line box logic: line signalling, rules, calls, messaging, status.")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: InternalsVisibleTo("Gateway.Core.Tests")]

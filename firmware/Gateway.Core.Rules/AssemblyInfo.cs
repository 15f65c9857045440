using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("Gateway.Core.Rules")]
[assembly: AssemblyDescription("Telephone line box rules: the prefix trie, rule text and image, the rule book in force.")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: InternalsVisibleTo("Gateway.Core.Tests")]

using System.Net;
using System.Text.RegularExpressions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>
/// Components import their JavaScript modules by path at run time (<c>IJSRuntime.InvokeAsync("import", …)</c>),
/// which no compiler checks: a module renamed or moved leaves its importers with a 404 and a payment
/// window that never opens. Every path the app imports must be served.
/// </summary>
public sealed partial class ScriptModuleTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task Every_script_module_the_app_imports_is_served()
    {
        var modules = AppSources.Files()
            .SelectMany(path => ModulePath().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(modules);

        var client = app.CreateClient();
        foreach (var module in modules)
        {
            using var response = await client.GetAsync(module.TrimStart('.'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{module} answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("ModulePath\\s*=\\s*\"(\\./[^\"]+\\.js)\"")]
    private static partial Regex ModulePath();
}

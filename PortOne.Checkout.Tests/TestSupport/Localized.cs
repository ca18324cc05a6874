using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>The app's texts outside a host, read in a chosen language, as a page would read them with its <c>L</c>.</summary>
public static class Localized
{
    private static readonly IStringLocalizer<Strings> Localizer =
        new StringLocalizer<Strings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    /// <summary>Runs <paramref name="read"/> with the UI culture set to <paramref name="culture"/>, then puts the thread's culture back.</summary>
    public static T In<T>(string culture, Func<IStringLocalizer<Strings>, T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return read(Localizer);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}

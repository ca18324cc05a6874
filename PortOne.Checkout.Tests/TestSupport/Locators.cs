using Microsoft.Playwright;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>Ways a person finds things in a table, for browser tests.</summary>
public static class Locators
{
    /// <summary>The row whose header cell reads <paramref name="header"/>, as a person reads "할부 | 2개월 할부" or "카카오페이 | 31,000원 | …".</summary>
    public static ILocator RowHeaded(this IPage page, string header) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) });

    /// <inheritdoc cref="RowHeaded(IPage, string)"/>
    public static ILocator RowHeaded(this ILocator scope, string header) =>
        scope.GetByRole(AriaRole.Row).Filter(new() { Has = scope.Page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) });

    /// <summary>The rows that hold data, not the header row.</summary>
    public static ILocator DataRows(this IPage page) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell) });
}

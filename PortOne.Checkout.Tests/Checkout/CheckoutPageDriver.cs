using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using PortOne.Checkout.Features.Checkout;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>
/// What a shopper does on the checkout's interactive form, for the component tests that need it: controls
/// are found by the text of their labels and changed as the browser reports a change.
/// </summary>
internal static class CheckoutPageDriver
{
    /// <summary>The form's JS module, as the form imports it.</summary>
    internal const string Module = "./Features/Checkout/CheckoutForm.razor.js";

    /// <summary>Renders the checkout form once its catalog is in.</summary>
    internal static IRenderedComponent<CheckoutForm> RenderCheckout(this BunitContext context)
    {
        var page = context.Render<CheckoutForm>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=qty-]")));
        return page;
    }

    /// <summary>Presses the "+" beside the product named <paramref name="productName"/> (in either language).</summary>
    internal static void Add(IRenderedComponent<CheckoutForm> page, string productName, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Press(ProductRow(page, productName).QuerySelectorAll("button")[^1]);
        }
    }

    /// <summary>Presses the "−" beside the product.</summary>
    internal static void Remove(IRenderedComponent<CheckoutForm> page, string productName) =>
        Press(ProductRow(page, productName).QuerySelectorAll("button")[0]);

    /// <summary>
    /// Clicks a button and returns once its handler has finished (the quote it asks the server for
    /// included), whether the database answered at once (SQLite) or later (PostgreSQL).
    /// </summary>
    private static void Press(IElement button) => button.ClickAsync(new()).GetAwaiter().GetResult();

    /// <summary>
    /// Changes a field as the browser's change event does, and returns once its handler has finished and the form has
    /// rendered again: bUnit's synchronous <c>Change</c> does not wait, so a check right after it could read the form
    /// from before the change.
    /// </summary>
    internal static void Set(IElement field, object? value) =>
        field.ChangeAsync(new ChangeEventArgs { Value = value }).GetAwaiter().GetResult();

    private static IElement ProductRow(IRenderedComponent<CheckoutForm> page, string productName) =>
        page.FindAll("li.product-row").Single(row => row.TextContent.Contains(productName, StringComparison.Ordinal));

    /// <summary>The pay button; its label carries the total, so it is the one that ends in 결제하기 or reads Pay ….</summary>
    internal static IElement PayButton(IRenderedComponent<CheckoutForm> page) =>
        page.FindAll("button").Single(b => b.ClassList.Contains("pay-button"));

    /// <summary>The checkbox or radio whose label reads <paramref name="label"/>.</summary>
    internal static IElement Choice(IRenderedComponent<CheckoutForm> page, string label) =>
        page.FindAll("label.choice").Single(l => l.TextContent.Trim() == label).QuerySelector("input")!;

    /// <summary>The input or select labelled <paramref name="label"/> (a label with for=).</summary>
    internal static IElement Field(IRenderedComponent<CheckoutForm> page, string label)
    {
        var id = page.FindAll("label[for]").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return page.Find($"#{id}");
    }

    /// <summary>Ticks (or unticks) the checkbox labelled <paramref name="label"/>, as a click would.</summary>
    internal static void Tick(IRenderedComponent<CheckoutForm> page, string label, bool value = true) =>
        Set(Choice(page, label), value);

    /// <summary>Ticks both agreements, found by the start of their labels in Korean or English.</summary>
    internal static void Consent(IRenderedComponent<CheckoutForm> page)
    {
        foreach (var start in new[] { ("주문 내용을 확인", "I have checked the order"), ("개인정보 수집", "I agree to the collection") })
        {
            Set(page.FindAll("label.choice").Single(l => l.TextContent.Trim().StartsWith(start.Item1, StringComparison.Ordinal)
                || l.TextContent.Trim().StartsWith(start.Item2, StringComparison.Ordinal)).QuerySelector("input")!, true);
        }
    }

    /// <summary>Picks the method whose radio is labelled <paramref name="label"/>; the browser sends the radio's value.</summary>
    internal static void PickMethod(IRenderedComponent<CheckoutForm> page, string label)
    {
        var radio = Choice(page, label);
        Set(radio, radio.GetAttribute("value"));
    }

    /// <summary>Picks the option whose text is <paramref name="option"/> in the select labelled <paramref name="label"/>.</summary>
    internal static void PickOption(IRenderedComponent<CheckoutForm> page, string label, string option)
    {
        var select = Field(page, label);
        Set(select, select.QuerySelectorAll("option").Single(o => o.TextContent.Trim() == option).GetAttribute("value"));
    }

    /// <summary>The text of the option a select shows as chosen.</summary>
    internal static string Chosen(IRenderedComponent<CheckoutForm> page, string label)
    {
        var select = Field(page, label);
        var value = select.GetAttribute("value") ?? "";
        return select.QuerySelectorAll("option").Single(o => o.GetAttribute("value") == value).TextContent.Trim();
    }

    /// <summary>Fills the five buyer fields in the order they appear, on the Korean or the English page.</summary>
    internal static void FillBuyer(IRenderedComponent<CheckoutForm> page)
    {
        string[] values = ["홍길동", "hong@example.com", "010-1234-5678", "서울 성동구 성수이로 20길 16", "04783"];
        Assert.Equal(values.Length, page.FindAll("section[aria-labelledby=buyer-heading] input").Count);
        for (var i = 0; i < values.Length; i++)
        {
            // Each change re-renders the form: find the field again every time.
            Set(page.FindAll("section[aria-labelledby=buyer-heading] input")[i], values[i]);
        }
    }
}

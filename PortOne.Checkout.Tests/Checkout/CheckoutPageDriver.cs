using Bunit;
using MudBlazor;
using PortOne.Checkout.Features.Checkout;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>What a shopper does on the checkout page, for the component tests that need it.</summary>
internal static class CheckoutPageDriver
{
    /// <summary>The page's JS module, as the page imports it.</summary>
    internal const string Module = "./Features/Checkout/CheckoutPage.razor.js";

    /// <summary>Renders the checkout with the popover provider its selects need, once its catalog is in.</summary>
    internal static IRenderedComponent<CheckoutPage> RenderCheckout(this BunitContext context)
    {
        var host = context.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<CheckoutPage>(1);
            builder.CloseComponent();
        });
        var page = host.FindComponent<CheckoutPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=more-]")));
        return page;
    }

    internal static void Add(IRenderedComponent<CheckoutPage> page, string sku, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Press(page, $"more-{sku}");
        }
    }

    /// <summary>
    /// Clicks a button and returns once its handler has finished (the quote it asks the server for
    /// included), whether the database answered at once (SQLite) or later (PostgreSQL).
    /// </summary>
    internal static void Press(IRenderedComponent<CheckoutPage> page, string testId) =>
        page.Find($"button[data-testid={testId}]").ClickAsync(new()).GetAwaiter().GetResult();

    /// <summary>Ticks (or unticks) the MudCheckBox carrying <paramref name="testId"/>, as a click would.</summary>
    internal static void Tick(IRenderedComponent<CheckoutPage> page, string testId, bool value = true)
    {
        var box = page.FindComponents<MudCheckBox<bool>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        page.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync(value)).GetAwaiter().GetResult();
    }

    internal static void Consent(IRenderedComponent<CheckoutPage> page)
    {
        Tick(page, "consent-order");
        Tick(page, "consent-privacy");
    }

    internal static void PickMethod(IRenderedComponent<CheckoutPage> page, string method) =>
        page.InvokeAsync(() => page.FindComponent<PayMethodPicker>().Instance.ValueChanged.InvokeAsync(method)).GetAwaiter().GetResult();

    internal static void PickSelect(IRenderedComponent<CheckoutPage> page, string testId, string? value)
    {
        var select = page.FindComponents<MudSelect<string>>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value)).GetAwaiter().GetResult();
    }

    /// <summary>Picks months and waits for the render, so later clicks see the choice.</summary>
    internal static void PickMonths(IRenderedComponent<CheckoutPage> page, int months)
    {
        var picker = page.FindComponent<InstallmentPicker>();
        page.InvokeAsync(() => picker.Instance.MonthsChanged.InvokeAsync(months)).GetAwaiter().GetResult();
    }

    internal static void FillBuyer(IRenderedComponent<CheckoutPage> page)
    {
        page.Find("input[data-testid=buyer-name]").Change("홍길동");
        page.Find("input[data-testid=buyer-email]").Change("hong@example.com");
        page.Find("input[data-testid=buyer-tel]").Change("010-1234-5678");
        page.Find("input[data-testid=buyer-addr]").Change("서울 성동구 성수이로 20길 16");
        page.Find("input[data-testid=buyer-postcode]").Change("04783");
    }
}

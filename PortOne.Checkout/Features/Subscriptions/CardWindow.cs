using System.Text.Json.Nodes;
using Microsoft.JSInterop;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>
/// Opens PortOne's window with server-built parameters through the checkout's iamport.js module. Per circuit.
/// Only PortOne's identifiers come back; the server asks PortOne before it believes anything.
/// </summary>
public sealed class CardWindow(IJSRuntime js, PortOneConnection portOne) : IAsyncDisposable
{
    private const string ModulePath = "./Features/Checkout/CheckoutForm.razor.js";

    // A shopper may take their time typing a card; Blazor's default JS call timeout is a minute.
    private static readonly TimeSpan WindowTimeout = TimeSpan.FromMinutes(30);

    private IJSObjectReference? _module;

    public async Task<PayResponse> OpenAsync(JsonObject parameters)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        return await _module.InvokeAsync<PayResponse>("requestPay", WindowTimeout, portOne.SdkUrl, portOne.MerchantCode, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}

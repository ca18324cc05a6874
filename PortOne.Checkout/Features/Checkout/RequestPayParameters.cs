using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Checkout;

/// <summary>
/// Builds the object the checkout page hands to <c>IMP.request_pay</c> for a placed order: the channel,
/// the amount the server decided, the buyer, our return addresses and the Toss window's options.
/// </summary>
public sealed class RequestPayParameters(PortOneConnection connection, PublicUrls urls, IOptions<CheckoutOptions> options, TimeProvider time)
{

    /// <summary>
    /// The exact object handed to <c>IMP.request_pay</c>. Keys are PortOne's, so it is JSON, not a C# type.
    /// The quote adds what only the cart knows (escrow products, cultural expense); without one they are left out.
    /// </summary>
    public JsonObject Build(Order order, PaymentChoice choice, CheckoutQuote? quote = null)
    {
        var parameters = new JsonObject
        {
            [connection.Channel.SdkKey] = connection.Channel.Value,
            ["pay_method"] = choice.PayMethod,
            ["merchant_uid"] = order.MerchantUid,
            ["name"] = order.OrderName,
            ["amount"] = order.Amount,
            ["tax_free"] = order.TaxFree,
            ["currency"] = order.Currency,
            // PortOne's SDK documents "language"; the Toss guide's own sample sends "locale". Neither says
            // which one the Toss window honours, so both carry the same value: an unread key is ignored,
            // and a window in the wrong language is what a shopper would notice.
            ["language"] = choice.Language,
            ["locale"] = choice.Language,
            ["buyer_name"] = order.BuyerName,
            ["buyer_email"] = order.BuyerEmail,
            ["buyer_tel"] = order.BuyerTel,
            ["buyer_addr"] = order.BuyerAddr,
            ["buyer_postcode"] = order.BuyerPostcode,
            // The key lets the landing page show the order to this shopper only; PortOne appends its own query.
            ["m_redirect_url"] = urls.Absolute($"payments/result?key={Uri.EscapeDataString(order.AccessKey)}"),
            ["notice_url"] = urls.Absolute("api/v1/payments/notice"),
            ["confirm_url"] = urls.Absolute("api/v1/payments/confirm"),
            ["custom_data"] = new JsonObject { ["order_ref"] = order.MerchantUid },
        };
        var bypass = new JsonObject();
        if (choice.PayMethod == "card")
        {
            AddCardOptions(parameters, bypass, choice);
        }
        if (PayMethodCatalog.Find(choice.PayMethod) is { IsCashLike: true })
        {
            // Flat under bypass, as the current Toss guide's parameter list and its trans example place
            // them. Older samples nested only useInternationalCardOnly under bypass.tosspayments, never
            // these two, so flat is the placement every version agrees on.
            if (choice.CashReceiptType is { } receiptType)
            {
                bypass["cashReceiptType"] = receiptType;
            }
            if (quote?.IsCulturalExpense == true)
            {
                bypass["isCulturalExpense"] = true;
            }
        }
        if (choice.PayMethod == "phone")
        {
            // Required for a carrier bill, whose fee rate depends on it; everything this shop sells is shipped goods.
            parameters["digital"] = false;
        }
        if (choice.PayMethod == "vbank")
        {
            parameters["vbank_due"] = VbankDue();
        }
        if (bypass.Count > 0)
        {
            parameters["bypass"] = bypass;
        }
        if (options.Value.Escrow)
        {
            parameters["escrow"] = true;
            if (quote is not null)
            {
                // "products" is the key of PortOne's current docs (renamed from escrowProducts in 2024-10).
                // We follow the current docs: the SDK that reads them is the one served today, and the
                // per-product list is optional, so a missed key costs only the detail.
                parameters["products"] = new JsonArray([.. quote.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["id"] = l.Product.Sku,
                    ["name"] = l.Product.NameKo,
                    ["code"] = l.Product.Sku,
                    ["unitPrice"] = l.Product.Price,
                    ["quantity"] = l.Quantity,
                })]);
            }
        }
        return parameters;
    }

    private static void AddCardOptions(JsonObject parameters, JsonObject bypass, PaymentChoice choice)
    {
        if (choice.InternationalCardOnly)
        {
            // Opens Toss's English window for foreign cards; Korean installments and issuers do not apply.
            bypass["tosspayments"] = new JsonObject { ["useInternationalCardOnly"] = true };
            return;
        }
        if (choice.CardCode is { Length: > 0 } code)
        {
            // Calling a card company directly fixes the months (without quota Toss charges a lump sum).
            parameters["card"] = new JsonObject { ["direct"] = new JsonObject { ["code"] = code, ["quota"] = choice.CardQuota } };
            parameters["display"] = new JsonObject { ["card_quota"] = LumpSumOrMonths(choice.CardQuota) };
        }
        else if (choice.CardQuota > 0)
        {
            // Toss lists every month from 2 up to the highest given, after a lump sum that the window
            // would otherwise preselect; only_installment hides it, so the shopper who chose months
            // cannot fall back to a lump sum by one click.
            parameters["display"] = new JsonObject { ["card_quota"] = LumpSumOrMonths(choice.CardQuota), ["only_installment"] = true };
        }
        else
        {
            // [] means lump sum only.
            parameters["display"] = new JsonObject { ["card_quota"] = LumpSumOrMonths(0) };
        }
        if (choice.AppCardOnly)
        {
            parameters["appCard"] = true;
        }
        if (choice.UseCardPoint)
        {
            parameters["useCardPoint"] = true;
        }
    }

    private static JsonArray LumpSumOrMonths(int months) => months > 0 ? new JsonArray(months) : new JsonArray();

    /// <summary>End of the last allowed day in Korean time, in a format PortOne documents (YYYYMMDDHHmmss).</summary>
    private string VbankDue()
    {
        var lastDay = KoreanTime.DateOf(time.GetUtcNow()).AddDays(options.Value.VbankDueDays);
        return lastDay.ToDateTime(new TimeOnly(23, 59, 59)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    }
}

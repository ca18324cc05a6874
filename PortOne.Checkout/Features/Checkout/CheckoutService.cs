using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Checkout;

public sealed record CartLine(long ProductId, int Quantity);

/// <summary>
/// How the shopper wants to pay. Months are 0 for a lump sum. The card options apply to <c>card</c>,
/// the cash receipt type to <c>trans</c>/<c>vbank</c>; <see cref="Language"/> is the window's (ko or en).
/// </summary>
public sealed record PaymentChoice(string PayMethod, int CardQuota = 0, string? CardCode = null)
{
    public bool AppCardOnly { get; init; }
    public bool UseCardPoint { get; init; }
    public bool InternationalCardOnly { get; init; }
    public string? CashReceiptType { get; init; }
    public string Language { get; init; } = "ko";
}

/// <summary>
/// What the shopper agreed to before paying (전자상거래법 제8조, 시행령 제9조; 개인정보 수집·이용 및 제3자 제공).
/// Neither is ever assumed: the form starts unticked and the server refuses an order without both.
/// </summary>
public sealed record CheckoutConsent(bool OrderConfirmed, bool PrivacyAgreed)
{
    /// <summary>The version of the consent texts shown; stored with the order so the wording agreed to can be found later.</summary>
    public const string TextVersion = "2026-11-28";

    public static readonly CheckoutConsent Given = new(true, true);

    public bool IsComplete => OrderConfirmed && PrivacyAgreed;
}

public sealed record QuoteLine(Product Product, int Quantity)
{
    public long LineTotal => Product.Price * Quantity;
}

/// <summary>The server's own sums of a cart; the browser never supplies an amount.</summary>
public sealed record CheckoutQuote(IReadOnlyList<QuoteLine> Lines, long ShippingFee = 0)
{
    public long GoodsTotal => Lines.Sum(l => l.LineTotal);

    /// <summary>What the shopper pays: goods plus shipping.</summary>
    public long Total => GoodsTotal + ShippingFee;

    /// <summary>Shipping is a taxable service, so only tax-free goods count here.</summary>
    public long TaxFree => Lines.Where(l => l.Product.TaxFree).Sum(l => l.LineTotal);

    public bool AllowsInstallments => Total >= CheckoutRules.InstallmentMinimum;

    /// <summary>문화비 소득공제 applies when everything bought is a cultural good (books, performances).</summary>
    public bool IsCulturalExpense => Lines.Count > 0 && Lines.All(l => l.Product.Cultural);
}

public sealed record PlacedOrder(Order Order, JsonObject RequestPayParams);

public static class CheckoutRules
{
    /// <summary>Card installments exist only from 50,000 won (TossPayments, card companies).</summary>
    public const long InstallmentMinimum = 50_000;

    public const int MaxQuantity = 99;

    public static readonly IReadOnlyList<int> InstallmentMonths = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
}

/// <summary>Thrown for a cart or choice the server will not take; the message is shown to the shopper.</summary>
public sealed class CheckoutRejectedException(string message) : Exception(message);

/// <summary>Turns a cart into a pending order, pre-registers its amount at PortOne and hands back the <c>IMP.request_pay</c> parameters.</summary>
public sealed partial class CheckoutService(CatalogStore catalog, OrderStore orders, PortOneClient portOne, RequestPayParameters requestPay,
    IOptions<CheckoutOptions> options, IStringLocalizer<Strings> l, TimeProvider time, ILogger<CheckoutService> logger)
{
    public IReadOnlyList<PayMethod> PayMethods => options.Value.OfferedPayMethods();

    public Task<IReadOnlyList<Product>> ProductsAsync(CancellationToken cancellationToken = default) => catalog.ListAsync(cancellationToken);

    public async Task<CheckoutQuote> QuoteAsync(IReadOnlyList<CartLine> cart, CancellationToken cancellationToken = default)
    {
        var products = (await catalog.ListAsync(cancellationToken)).ToDictionary(p => p.Id);
        var lines = new List<QuoteLine>();
        foreach (var line in cart.Where(l => l.Quantity != 0))
        {
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                throw new CheckoutRejectedException(l["ErrorNotOnSale"]);
            }
            if (line.Quantity is < 1 or > CheckoutRules.MaxQuantity)
            {
                throw new CheckoutRejectedException(l["ErrorQuantity", CheckoutRules.MaxQuantity]);
            }
            lines.Add(new QuoteLine(product, line.Quantity));
        }
        var goods = lines.Sum(l => l.LineTotal);
        var shipping = goods == 0 || goods >= options.Value.FreeShippingFrom ? 0 : options.Value.ShippingFee;
        return new CheckoutQuote(lines, shipping);
    }

    public async Task<PlacedOrder> PlaceOrderAsync(IReadOnlyList<CartLine> cart, BuyerDetails buyer, PaymentChoice choice, CheckoutConsent consent,
        CancellationToken cancellationToken = default)
    {
        if (!consent.IsComplete)
        {
            throw new CheckoutRejectedException(l["ErrorConsentMissing"]);
        }
        var quote = await QuoteAsync(cart, cancellationToken);
        if (quote.Lines.Count == 0)
        {
            throw new CheckoutRejectedException(l["ErrorCartEmpty"]);
        }
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(buyer, new ValidationContext(buyer), problems, validateAllProperties: true))
        {
            throw new CheckoutRejectedException(string.Join(" ", problems.Select(p => p.ErrorMessage)));
        }
        ValidateChoice(choice, quote);

        var merchantUid = MerchantUids.New("ord", time);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var order = await orders.CreateAsync(new NewOrder(
            merchantUid, OrderName(quote), quote.Total, quote.TaxFree, options.Value.Currency, choice.PayMethod, choice.CardQuota, choice.CardCode,
            buyer.Name.Trim(), buyer.Email.Trim(), buyer.Tel.Trim(), buyer.Addr.Trim(), buyer.Postcode.Trim())
        {
            ShippingFee = quote.ShippingFee,
            PayOptions = PayOptionsSummary(choice, quote),
            ConsentVersion = CheckoutConsent.TextVersion,
            ConsentOrderAt = now,
            ConsentPrivacyAt = now,
        },
            quote.Lines.Select(l => new OrderItem
            {
                ProductId = l.Product.Id, Name = l.Product.NameKo, UnitPrice = l.Product.Price, Quantity = l.Quantity, TaxFree = l.Product.TaxFree,
            }).ToList(), cancellationToken);

        try
        {
            await portOne.PrepareAsync(order.MerchantUid, order.Amount, order.Currency, cancellationToken);
        }
        catch (PortOneApiException ex)
        {
            LogPrepareFailed(logger, ex, order.MerchantUid);
            await orders.TransitionAsync(new OrderTransition
            {
                OrderId = order.Id, MerchantUid = order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
                To = OrderStatus.Failed, Source = "checkout", Reason = "amount pre-registration failed: " + ex.Message,
            }, cancellationToken);
            throw new CheckoutRejectedException(l["ErrorPrepareFailed"]);
        }
        return new PlacedOrder(order, requestPay.Build(order, choice, quote));
    }

    /// <summary>The options the order was placed with, for the order page and staff; only what was sent.</summary>
    private string? PayOptionsSummary(PaymentChoice choice, CheckoutQuote quote)
    {
        var summary = new JsonObject();
        if (choice.PayMethod == "card")
        {
            if (choice.InternationalCardOnly) { summary["international_card"] = true; }
            if (choice.AppCardOnly && !choice.InternationalCardOnly) { summary["app_card"] = true; }
            if (choice.UseCardPoint && !choice.InternationalCardOnly) { summary["card_point"] = true; }
        }
        if (PayMethodCatalog.Find(choice.PayMethod) is { IsCashLike: true })
        {
            if (choice.CashReceiptType is { } type) { summary["cash_receipt_type"] = type; }
            if (quote.IsCulturalExpense) { summary["cultural_expense"] = true; }
        }
        if (options.Value.Escrow) { summary["escrow"] = true; }
        return summary.Count == 0 ? null : summary.ToJsonString();
    }

    private void ValidateChoice(PaymentChoice choice, CheckoutQuote quote)
    {
        if (!PayMethods.Any(m => m.Code == choice.PayMethod))
        {
            throw new CheckoutRejectedException(l["ErrorPayMethod"]);
        }
        var isCard = choice.PayMethod == "card";
        if (!isCard && (choice.CardQuota != 0 || choice.CardCode is not null || choice.AppCardOnly || choice.UseCardPoint || choice.InternationalCardOnly))
        {
            throw new CheckoutRejectedException(l["ErrorCardOnly"]);
        }
        if (choice.InternationalCardOnly && (choice.CardQuota != 0 || choice.CardCode is not null))
        {
            throw new CheckoutRejectedException(l["ErrorInternationalCard"]);
        }
        if (choice.CardQuota != 0 && (!quote.AllowsInstallments || !CheckoutRules.InstallmentMonths.Contains(choice.CardQuota)))
        {
            throw new CheckoutRejectedException(l["ErrorInstallments", Money.Won(CheckoutRules.InstallmentMinimum)]);
        }
        var company = CardCompanies.Find(choice.CardCode);
        if (choice.CardCode is not null && company is null)
        {
            throw new CheckoutRejectedException(l["ErrorCardCompany"]);
        }
        if (choice.AppCardOnly && company is { HasAppCard: false })
        {
            // card.direct opens this company's window alone, and with no app card to offer it could never be paid.
            throw new CheckoutRejectedException(l["ErrorAppCardCompany", Strings.IsEnglish ? company.NameEn : company.NameKo]);
        }
        if (choice.CashReceiptType is { } type
            && (PayMethodCatalog.Find(choice.PayMethod) is not { IsCashLike: true } || !CashReceiptTypes.All.Contains(type)))
        {
            throw new CheckoutRejectedException(l["ErrorCashReceipt"]);
        }
        if (choice.Language is not ("ko" or "en"))
        {
            throw new CheckoutRejectedException(l["ErrorLanguage"]);
        }
    }

    private static string OrderName(CheckoutQuote quote)
    {
        var first = quote.Lines[0].Product.NameKo;
        var others = quote.Lines.Count - 1;
        var name = others == 0 ? first : $"{first} 외 {others}건";
        return name.Length <= 40 ? name : name[..40];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not pre-register {MerchantUid}; the window is not opened")]
    private static partial void LogPrepareFailed(ILogger logger, Exception exception, string merchantUid);
}

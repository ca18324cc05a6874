using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Checkout;

public sealed record CartLine(long ProductId, int Quantity);

/// <summary>How the shopper wants to pay. Months are 0 for a lump sum.</summary>
public sealed record PaymentChoice(string PayMethod, int CardQuota = 0, string? CardCode = null);

public sealed record QuoteLine(Product Product, int Quantity)
{
    public long LineTotal => Product.Price * Quantity;
}

/// <summary>The server's own sums of a cart; the browser never supplies an amount.</summary>
public sealed record CheckoutQuote(IReadOnlyList<QuoteLine> Lines)
{
    public long Total => Lines.Sum(l => l.LineTotal);

    public long TaxFree => Lines.Where(l => l.Product.TaxFree).Sum(l => l.LineTotal);

    public bool AllowsInstallments => Total >= CheckoutRules.InstallmentMinimum;
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

/// <summary>Turns a cart into a pending order, pre-registers its amount at PortOne and builds the <c>IMP.request_pay</c> parameters.</summary>
public sealed class CheckoutService(CatalogStore catalog, OrderStore orders, PortOneClient portOne, PortOneConnection connection,
    PublicUrls urls, TimeProvider time, ILogger<CheckoutService> logger)
{
    public Task<IReadOnlyList<Product>> ProductsAsync(CancellationToken cancellationToken = default) => catalog.ListAsync(cancellationToken);

    public async Task<CheckoutQuote> QuoteAsync(IReadOnlyList<CartLine> cart, CancellationToken cancellationToken = default)
    {
        var products = (await catalog.ListAsync(cancellationToken)).ToDictionary(p => p.Id);
        var lines = new List<QuoteLine>();
        foreach (var line in cart.Where(l => l.Quantity != 0))
        {
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                throw new CheckoutRejectedException("판매하지 않는 상품입니다. / This product is not on sale.");
            }
            if (line.Quantity is < 1 or > CheckoutRules.MaxQuantity)
            {
                throw new CheckoutRejectedException($"수량은 1~{CheckoutRules.MaxQuantity}개입니다. / Quantity must be 1 to {CheckoutRules.MaxQuantity}.");
            }
            lines.Add(new QuoteLine(product, line.Quantity));
        }
        return new CheckoutQuote(lines);
    }

    public async Task<PlacedOrder> PlaceOrderAsync(IReadOnlyList<CartLine> cart, BuyerDetails buyer, PaymentChoice choice, CancellationToken cancellationToken = default)
    {
        var quote = await QuoteAsync(cart, cancellationToken);
        if (quote.Lines.Count == 0)
        {
            throw new CheckoutRejectedException("장바구니가 비어 있습니다. / Your cart is empty.");
        }
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(buyer, new ValidationContext(buyer), problems, validateAllProperties: true))
        {
            throw new CheckoutRejectedException(string.Join(" ", problems.Select(p => p.ErrorMessage)));
        }
        ValidateChoice(choice, quote);

        var merchantUid = NewMerchantUid();
        var order = await orders.CreateAsync(new NewOrder(
            merchantUid, OrderName(quote), quote.Total, quote.TaxFree, "KRW", choice.PayMethod, choice.CardQuota, choice.CardCode,
            buyer.Name.Trim(), buyer.Email.Trim(), buyer.Tel.Trim(), buyer.Addr.Trim(), buyer.Postcode.Trim()),
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
            logger.LogWarning(ex, "Could not pre-register {MerchantUid}; the window is not opened", order.MerchantUid);
            await orders.TransitionAsync(new OrderTransition
            {
                OrderId = order.Id, MerchantUid = order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
                To = OrderStatus.Failed, Source = "checkout", Reason = "amount pre-registration failed: " + ex.Message,
            }, cancellationToken);
            throw new CheckoutRejectedException("결제 준비에 실패했습니다. 잠시 후 다시 시도하세요. / Could not prepare the payment; please try again shortly.");
        }
        return new PlacedOrder(order, BuildRequestPayParams(order, choice));
    }

    /// <summary>The exact object handed to <c>IMP.request_pay</c>. Keys are PortOne's, so it is JSON, not a C# type.</summary>
    public JsonObject BuildRequestPayParams(Order order, PaymentChoice choice)
    {
        var parameters = new JsonObject
        {
            ["pg"] = connection.Pg,
            ["pay_method"] = choice.PayMethod,
            ["merchant_uid"] = order.MerchantUid,
            ["name"] = order.OrderName,
            ["amount"] = order.Amount,
            ["tax_free"] = order.TaxFree,
            ["currency"] = order.Currency,
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
        if (choice.PayMethod == "card")
        {
            // Toss shows lump sum up to the highest month listed; [] means lump sum only.
            parameters["display"] = new JsonObject
            {
                ["card_quota"] = choice.CardQuota > 0 ? new JsonArray(choice.CardQuota) : new JsonArray(),
            };
            if (choice.CardCode is { Length: > 0 } code)
            {
                // Without quota Toss always charges a lump sum when a card company is called directly.
                parameters["card"] = new JsonObject { ["direct"] = new JsonObject { ["code"] = code, ["quota"] = choice.CardQuota } };
            }
        }
        return parameters;
    }

    private static void ValidateChoice(PaymentChoice choice, CheckoutQuote quote)
    {
        if (choice.PayMethod != "card" && (choice.CardQuota != 0 || choice.CardCode is not null))
        {
            throw new CheckoutRejectedException("할부와 카드사 선택은 카드 결제에만 있습니다. / Installments and card companies apply to card payments only.");
        }
        if (choice.CardQuota != 0 && (!quote.AllowsInstallments || !CheckoutRules.InstallmentMonths.Contains(choice.CardQuota)))
        {
            throw new CheckoutRejectedException("할부는 50,000원 이상 카드 결제에서 2~12개월만 가능합니다. / Installments need a card payment of 50,000원 or more, 2 to 12 months.");
        }
        if (choice.CardCode is { } code && !CardCompanies.All.Any(c => c.Code == code))
        {
            throw new CheckoutRejectedException("알 수 없는 카드사입니다. / Unknown card company.");
        }
    }

    private static string OrderName(CheckoutQuote quote)
    {
        var first = quote.Lines[0].Product.NameKo;
        var others = quote.Lines.Count - 1;
        var name = others == 0 ? first : $"{first} 외 {others}건";
        return name.Length <= 40 ? name : name[..40];
    }

    /// <summary>Unique, ≤ 40 characters, sortable by day, not guessable.</summary>
    private string NewMerchantUid()
    {
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return $"ord-{time.GetUtcNow():yyyyMMdd}-{random}";
    }
}

using System.ComponentModel.DataAnnotations;

namespace PortOne.Checkout.Features.Checkout;

/// <summary>The buyer form. Limits are PortOne's stored lengths, so nothing is cut off silently.</summary>
public sealed class BuyerDetails
{
    [Required(ErrorMessage = "이름을 입력하세요. / Enter your name.")]
    [StringLength(16, ErrorMessage = "이름은 16자 이내로 입력하세요. / Up to 16 characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "이메일을 입력하세요. / Enter your e-mail.")]
    [EmailAddress(ErrorMessage = "이메일 형식이 올바르지 않습니다. / Not a valid e-mail address.")]
    [StringLength(64, ErrorMessage = "이메일은 64자 이내로 입력하세요. / Up to 64 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "휴대폰 번호를 입력하세요. / Enter your phone number.")]
    [RegularExpression(@"^0\d{1,2}-?\d{3,4}-?\d{4}$", ErrorMessage = "전화번호 형식: 010-1234-5678 / Format: 010-1234-5678")]
    public string Tel { get; set; } = "";

    [Required(ErrorMessage = "주소를 입력하세요. / Enter your address.")]
    [StringLength(128, ErrorMessage = "주소는 128자 이내로 입력하세요. / Up to 128 characters.")]
    public string Addr { get; set; } = "";

    [Required(ErrorMessage = "우편번호를 입력하세요. / Enter your postcode.")]
    [RegularExpression(@"^\d{5}$", ErrorMessage = "우편번호는 숫자 5자리입니다. / Five digits.")]
    public string Postcode { get; set; } = "";
}

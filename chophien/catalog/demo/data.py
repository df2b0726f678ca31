"""The demo's sellers and the specialities they make, as plain data, and the listings drawn from them.

Places are written as people say them after the reform of 1 July 2025: the province and the commune
(``Ward.short_name``), no district. ``product_seeds()`` turns sellers × specialities into about 160
listings with ``random.Random(2025)``: the same names, prices and ratings on every run, which is what
lets the loader recognise what it already made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from django.utils.text import slugify

from chophien.catalog.models import Unit
from chophien.core.text import fold
from chophien.sellers.models import SellerKind

HOUSEHOLD, COOPERATIVE, ENTERPRISE = SellerKind.HOUSEHOLD, SellerKind.COOPERATIVE, SellerKind.ENTERPRISE


@dataclass(frozen=True)
class SellerSeed:
    kind: str
    name: str
    province: str  # Province.short_name
    commune: str  # Ward.short_name, within that province
    village: str  # the street line of the address: thôn, bản, tổ
    owner: str
    phone: str
    story: str
    specialities: tuple[str, ...]  # keys of SPECIALITIES

    @property
    def slug(self) -> str:
        """The shop's slug, as ``seller_register`` makes it from the name: the loader's key."""
        return slugify(fold(self.name))[:100]


@dataclass(frozen=True)
class Extra:
    """What a seller adds to a second listing of a speciality: its words, price and one more sentence."""

    words: str
    price_factor: float
    sentence: str
    is_boxed: bool = False  # sold by the box (hộp), in sizes when the speciality has them
    words_en: str = ""  # ``words`` in English, added to the English name


@dataclass(frozen=True)
class Speciality:
    name: str  # "{place}" is the seller's commune, "{province}" its province
    category: str  # Category.slug
    unit: str  # the unit of ``price`` when sold loose
    price: int  # đồng per unit
    description: str
    extras: str  # key of EXTRAS
    sizes: tuple[tuple[str, float], ...] = ()  # variants: label and share of ``price``
    pack: str = Unit.BAG  # the unit of one variant when sold in sizes
    certifications: tuple[str, ...] = ()
    picture: str = ""  # key of pictures.MOTIFS; empty: the category's
    hue: float | None = None
    name_en: str = ""  # Product.name_en, with the same "{place}" and "{province}"


@dataclass(frozen=True)
class VariantSeed:
    label: str
    price: int
    stock: int


@dataclass(frozen=True)
class ProductSeed:
    """One listing, ready for ``product_create``."""

    seller_slug: str
    name: str
    name_en: str
    category: str
    unit: str
    description: str
    variants: tuple[VariantSeed, ...]  # one with an empty label, or two sizes
    ocop_stars: int | None
    ocop_year: int | None
    certifications: tuple[str, ...]
    photo_count: int
    picture: str
    hue: float | None
    is_featured: bool = False


SELLERS: tuple[SellerSeed, ...] = (
    # Lai Châu
    SellerSeed(
        HOUSEHOLD, "Hộ Lò Thị Hoa", "Lai Châu", "Sìn Hồ", "Bản Nậm Cuổi", "Lò Thị Hoa", "0912301457",
        "Nhà tôi là người Thái, trồng khoai sâm trên nương đã ba đời. Củ đào lên là rửa sạch, để ráo rồi "
        "gửi đi ngay. Khoai sâm chỉ có một vụ, từ tháng 10 đến tháng 2.",
        ("khoai_sam", "mang_kho", "gao_nuong", "ba_chi", "cham_cheo"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Sâm Lai Châu Mường Tè", "Lai Châu", "Mường Tè", "Bản Nậm Củm", "Lỳ Giờ Xá", "0983120745",
        "Hợp tác xã có 32 hộ người Hà Nhì và La Hủ. Sâm được trồng dưới tán rừng già, đủ 5 năm tuổi mới đào. "
        "Mỗi lô sâm đều ghi rõ vườn trồng và năm trồng.",
        ("sam_lai_chau", "sam_mat_ong", "thao_qua", "duong_quy", "mat_ong_rung"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Chè Tân Uyên", "Lai Châu", "Tân Uyên", "Bản Nà Ún", "Lường Văn Thắng", "0965214380",
        "Chúng tôi có hơn 60 héc-ta chè trên đồi, làm theo VietGAP. Chè hái buổi sáng, buổi chiều đã vào "
        "máy sao. Các xã viên còn trồng mắc ca xen trên đồi chè.",
        ("che_o_long", "hong_tra", "bach_tra", "mac_ca"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Giàng A Páo", "Lai Châu", "Than Uyên", "Bản Phiêng Cằm", "Giàng A Páo", "0974502318",
        "Gia đình tôi là người Mông, làm ruộng bậc thang và nuôi ong ở bìa rừng. Vợ tôi nấu rượu ngô bằng "
        "men lá. Hàng nhà làm nên không nhiều, ai đặt trước thì gửi trước.",
        ("gao_nep_tan", "mat_ong_rung", "ruou_ngo", "thit_trau_say"),
    ),
    SellerSeed(
        ENTERPRISE, "Công ty TNHH Đặc sản Tây Bắc Lai Châu", "Lai Châu", "Đoàn Kết", "Tổ 9", "Nguyễn Văn Hùng",
        "0936418720",
        "Công ty mua thịt, gia vị và nông sản của các hộ trong tỉnh, chế biến tại xưởng đạt chuẩn an toàn "
        "thực phẩm. Thịt gác bếp hun bằng củi nhãn và hút chân không trước khi gửi.",
        ("thit_trau_say", "ba_chi", "lap_xuong", "hat_doi", "mac_khen", "khoai_sam"),
    ),
    # Lào Cai (with the old Yên Bái)
    SellerSeed(
        COOPERATIVE, "HTX Nông sản Mường Khương", "Lào Cai", "Mường Khương", "Thôn Mã Tuyển", "Lù Văn Pao",
        "0948271306",
        "Hợp tác xã giữ giống lúa Séng Cù và cách làm tương ớt của người Mường Khương. Lúa cấy mỗi năm một "
        "vụ bằng nước suối. Ớt, tỏi, gừng đều do các hộ trong thôn trồng.",
        ("gao_seng_cu", "tuong_ot", "mang_kho", "ruou_ngo"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Thào Thị Dợ", "Lào Cai", "Bắc Hà", "Thôn Na Hối", "Thào Thị Dợ", "0987340126",
        "Tôi là người Mông Hoa ở Bắc Hà. Mùa mận tôi bán mận tam hoa, mùa đông thì dệt vải và thêu khăn. "
        "Chồng tôi nấu rượu ngô theo cách của ông bà.",
        ("man_tam_hoa", "ruou_ngo", "khan", "tui"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Tẩn Thị Mẩy", "Lào Cai", "Tả Phìn", "Thôn Sả Séng", "Tẩn Thị Mẩy", "0916723049",
        "Tôi là người Dao đỏ. Lá tắm do tôi và các chị em trong thôn hái trên rừng, phơi khô rồi chia gói. "
        "Đồ thêu đều làm bằng tay, mỗi chiếc khăn mất cả tuần.",
        ("la_tam", "khan", "tui", "vi", "nam_huong"),
    ),
    SellerSeed(
        ENTERPRISE, "Công ty CP Nông sản Sa Pa Xanh", "Lào Cai", "Sa Pa", "Tổ 2", "Trần Thị Thu", "0904638271",
        "Chúng tôi mua hàng của hơn 200 hộ quanh Sa Pa và Bát Xát, sơ chế, đóng gói rồi bán đi cả nước. "
        "Mỗi túi hàng có tem ghi tên hộ làm ra.",
        ("tao_meo_say", "ruou_tao_meo", "thao_qua", "nam_huong", "hat_doi", "tam_that", "thit_trau_say"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Chè Shan tuyết Suối Giàng", "Lào Cai", "Văn Chấn", "Thôn Pang Cáng", "Vàng A Chu",
        "0977145820",
        "Suối Giàng có hàng vạn cây chè Shan tuyết cổ thụ, có cây trên 300 năm tuổi. Người Mông trong hợp "
        "tác xã hái búp bằng tay và sao chè trong chảo gang. Mỗi năm có ba lứa: xuân, hè và thu.",
        ("che_suoi_giang", "hong_tra", "bach_tra", "mat_ong_rung"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Quế Văn Yên", "Lào Cai", "Đông Cuông", "Thôn Khe Dứa", "Hoàng Văn Chung", "0963082715",
        "Quế ở đây trồng trên đồi, cây trên 10 năm tuổi mới bóc vỏ. Vỏ quế phơi nắng, không sấy lưu huỳnh. "
        "Lá và cành nhỏ được chưng cất lấy tinh dầu.",
        ("que", "tinh_dau_que", "mang_kho"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Sùng A Lử", "Lào Cai", "Mù Cang Chải", "Bản Lìm Mông", "Sùng A Lử", "0968305214",
        "Nhà tôi ở dưới chân ruộng bậc thang. Mùa thu gặt lúa nếp, cuối năm hái táo mèo trên rừng. "
        "Táo mèo sấy bằng bếp củi nên thơm mùi khói.",
        ("gao_nep_tan", "tao_meo_say", "ruou_tao_meo", "mat_ong_rung", "thit_trau_say"),
    ),
    # Tuyên Quang (with the old Hà Giang)
    SellerSeed(
        COOPERATIVE, "HTX Mật ong bạc hà Mèo Vạc", "Tuyên Quang", "Mèo Vạc", "Thôn Tả Chải", "Mua Mí Vàng",
        "0912640583",
        "Hợp tác xã có 85 hộ nuôi ong trên cao nguyên đá. Mật ong bạc hà chỉ có từ tháng 10 đến tháng 12, "
        "khi hoa bạc hà dại nở tím các sườn núi. Mật quay tại nhà, không pha trộn.",
        ("mat_ong_bac_ha", "thit_bo_gac_bep", "ruou_ngo", "banh_tam_giac_mach"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Vàng Thị Mai", "Tuyên Quang", "Đồng Văn", "Thôn Phố Cáo", "Vàng Thị Mai", "0945128603",
        "Tôi làm bánh tam giác mạch theo cách người Mông, nướng trên than. Mùa hoa tam giác mạch là lúc "
        "khách lên đông nhất. Nhà còn nuôi bò vàng và làm thịt bò gác bếp.",
        ("banh_tam_giac_mach", "mat_ong_bac_ha", "thit_bo_gac_bep", "khan"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Chè Shan tuyết Hoàng Su Phì", "Tuyên Quang", "Hoàng Su Phì", "Thôn Phìn Hồ",
        "Lý Văn Tờ", "0982457310",
        "Vùng chè nằm ở độ cao 1.000 đến 1.800 mét, mây phủ quanh năm. Chè được chứng nhận hữu cơ, không "
        "phun thuốc, không bón phân hóa học. Người Dao và người La Chí cùng hái chè trong hợp tác xã.",
        ("che_hoang_su_phi", "hong_tra", "bach_tra", "giao_co_lam"),
    ),
    SellerSeed(
        ENTERPRISE, "Công ty CP Chè Cao Bồ", "Tuyên Quang", "Cao Bồ", "Thôn Khuổi My", "Đặng Văn Quyết",
        "0903471628",
        "Chè Shan tuyết Cao Bồ mọc trên núi Tây Côn Lĩnh. Xưởng chế biến nằm ngay giữa đồi chè, hái đến đâu "
        "làm đến đó.",
        ("che_cao_bo", "hong_tra", "bach_tra", "mat_ong_rung"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Cam sành Bắc Quang", "Tuyên Quang", "Bắc Quang", "Thôn Tân Lập", "Nguyễn Thị Hằng",
        "0961750342",
        "Vườn cam của hợp tác xã trồng theo VietGAP, chỉ hái khi có đơn. Mùa cam từ tháng 11 đến tháng 2. "
        "Ngoài cam, các hộ còn nuôi ong và làm măng khô.",
        ("cam_sanh", "mat_ong_rung", "mang_kho"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Thào Thị Súa", "Tuyên Quang", "Lùng Tám", "Thôn Lùng Tám Cao", "Thào Thị Súa", "0978261054",
        "Tôi dệt vải lanh như bà và mẹ đã dạy. Từ cây lanh đến tấm vải mất hai tháng: tước sợi, se sợi, dệt, "
        "vẽ sáp ong rồi nhuộm chàm. Các chị em trong thôn cùng làm với tôi.",
        ("vai_lanh", "khan", "tui", "vi"),
    ),
    # Sơn La
    SellerSeed(
        COOPERATIVE, "HTX Nhãn Sông Mã", "Sơn La", "Sông Mã", "Bản Hua Mường", "Lò Văn Biên", "0919382650",
        "Nhãn trồng dọc sông Mã, đất phù sa nên quả ngọt, cùi dày. Hợp tác xã có lò sấy nhãn bằng than củi. "
        "Ong nuôi trong vườn cho mật hoa nhãn thơm.",
        ("nhan_tuoi", "nhan_say", "mat_ong_hoa_nhan", "xoai_say"),
    ),
    SellerSeed(
        ENTERPRISE, "Công ty TNHH Cà phê Chiềng Mai", "Sơn La", "Chiềng Mai", "Bản Chiềng Ban", "Phạm Văn Long",
        "0934826107",
        "Cà phê Arabica trồng trên đồi cao 700 mét. Chỉ hái quả chín đỏ, sơ chế ướt và rang mộc tại xưởng. "
        "Chúng tôi không tẩm bơ, không pha bắp.",
        ("ca_phe", "ca_phe_nhan", "mac_ca"),
    ),
    SellerSeed(
        COOPERATIVE, "HTX Mận hậu Mộc Châu", "Sơn La", "Mộc Châu", "Tiểu khu 6", "Đinh Thị Hương", "0986014723",
        "Mận hậu chín vào tháng 5 và tháng 6. Quả đẹp bán tươi, quả nhỏ hơn thì sấy dẻo, làm ô mai và ngâm "
        "rượu. Xưởng của hợp tác xã ở ngay giữa vườn mận.",
        ("man_hau", "man_say", "o_mai_man", "ruou_man"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Lường Thị Xuân", "Sơn La", "Thuận Châu", "Bản Nong Lay", "Lường Thị Xuân", "0947560321",
        "Tôi là người Thái, làm chẩm chéo theo cách của mẹ. Nhà có vài sào cà phê trên đồi. Gác bếp treo thịt "
        "trâu quanh năm.",
        ("cham_cheo", "mac_khen", "thit_trau_say", "ca_phe"),
    ),
    # Điện Biên
    SellerSeed(
        COOPERATIVE, "HTX Mắc ca Mường Ảng", "Điện Biên", "Mường Ảng", "Bản Co Muông", "Quàng Văn Hương",
        "0914275068",
        "Mường Ảng có đất đỏ, hợp với cà phê và mắc ca. Hợp tác xã có 45 hộ, cùng sấy và tách vỏ tại một "
        "xưởng. Hạt mắc ca sấy ba ngày nên giòn và thơm.",
        ("mac_ca", "ca_phe", "gao_dien_bien"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Mùa A Chứ", "Điện Biên", "Sính Phình", "Bản Tả Phìn", "Mùa A Chứ", "0966431079",
        "Nhà tôi có hơn trăm cây chè Shan tuyết cổ thụ. Chè mọc trên núi đá, mỗi năm chỉ hái hai lứa. "
        "Chè hái về là vò và sao ngay trong ngày.",
        ("che_ta_phin", "mat_ong_rung", "thit_trau_say", "mang_kho"),
    ),
    SellerSeed(
        ENTERPRISE, "Công ty CP Gạo Mường Thanh", "Điện Biên", "Thanh Nưa", "Đội 5", "Lê Văn Sơn", "0905317246",
        "Cánh đồng Mường Thanh là cánh đồng lớn nhất Tây Bắc. Công ty liên kết với 300 hộ trồng lúa, mua "
        "thóc, xay và đóng túi tại nhà máy.",
        ("gao_dien_bien", "gao_nuong", "thit_trau_say", "cham_cheo", "mac_khen"),
    ),
    # Cao Bằng
    SellerSeed(
        COOPERATIVE, "HTX Hạt dẻ Trùng Khánh", "Cao Bằng", "Trùng Khánh", "Xóm Pác Rằng", "Nông Văn Dũng",
        "0944672815",
        "Hạt dẻ Trùng Khánh thu hoạch vào tháng 9. Hạt to, rang lên bở và ngọt. Hợp tác xã còn làm lạp xưởng "
        "và thịt lợn gác bếp của người Tày.",
        ("hat_de", "lap_xuong", "ba_chi"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Nông Thị Lan", "Cao Bằng", "Nguyên Bình", "Xóm Nà Bản", "Nông Thị Lan", "0988723541",
        "Nhà tôi làm miến dong từ củ dong riềng trồng trên nương. Miến phơi nắng trên giàn tre, không dùng "
        "hóa chất. Cuối năm nhà làm thêm lạp xưởng để bán Tết.",
        ("mien_dong", "lap_xuong", "mang_kho", "gao_nuong"),
    ),
    # Lạng Sơn
    SellerSeed(
        COOPERATIVE, "HTX Hồi Văn Quan", "Lạng Sơn", "Văn Quan", "Thôn Bản Ngần", "Hoàng Văn Sáng", "0917843062",
        "Hồi ở đây thu hai vụ: vụ chính tháng 8 và vụ tháng 3. Hoa hồi phơi nắng cho khô đều, không sấy lưu "
        "huỳnh. Hồi rơi vỡ thì chưng cất làm tinh dầu.",
        ("hoi", "tinh_dau_hoi", "mang_kho"),
    ),
    SellerSeed(
        HOUSEHOLD, "Hộ Vi Văn Tám", "Lạng Sơn", "Chi Lăng", "Thôn Đồng Mỏ", "Vi Văn Tám", "0962148730",
        "Nhà tôi có hai héc-ta na trên sườn núi đá vôi. Mùa na từ tháng 7 đến tháng 9. Ngoài vườn na còn có "
        "mấy chục cây hồi và vài đàn ong.",
        ("na_chi_lang", "hoi", "mat_ong_rung"),
    ),
    # Thái Nguyên
    SellerSeed(
        ENTERPRISE, "Công ty TNHH Chè Đồi Tân Cương", "Thái Nguyên", "Tân Cương", "Xóm Hồng Thái",
        "Nguyễn Thị Thủy", "0906152834",
        "Chè Tân Cương sao bằng chảo quay, cánh nhỏ và xoăn như móc câu. Công ty mua chè búp của 120 hộ làm "
        "VietGAP trong xã.",
        ("che_tan_cuong", "hong_tra", "mat_ong_rung"),
    ),
    # Phú Thọ (with the old Hòa Bình)
    SellerSeed(
        HOUSEHOLD, "Hộ Hà Thị Ngọc", "Phú Thọ", "Mai Châu", "Bản Lác", "Hà Thị Ngọc", "0915630847",
        "Bản Lác có nghề dệt thổ cẩm từ lâu đời. Tôi dệt khăn, túi và ví bằng khung cửi dưới gầm nhà sàn. "
        "Khách muốn màu riêng thì tôi làm trong một tuần.",
        ("khan", "tui", "vi", "cham_cheo"),
    ),
)  # fmt: skip

TEA_SIZES = (("200 g", 0.22), ("500 g", 0.52))
FINE_TEA_SIZES = (("100 g", 0.12), ("250 g", 0.28))
KILO_SIZES = (("500 g", 0.52), ("1 kg", 1.0))
HONEY_SIZES = (("500 ml", 0.55), ("1 lít", 1.0))
RICE_SIZES = (("2 kg", 2.0), ("5 kg", 4.8))
SPICE_SIZES = (("100 g", 0.12), ("200 g", 0.23))
ADULTS_ONLY = "Chỉ bán cho người từ 18 tuổi trở lên."

SPECIALITIES: dict[str, Speciality] = {
    # Chè, cà phê
    "che_ta_phin": Speciality(
        "Chè Shan tuyết Tả Phìn", "che-ca-phe", Unit.KG, 600_000,
        "Chè hái từ cây Shan tuyết cổ thụ ở Tả Phìn, Tủa Chùa, cao trên 1.500 mét. Búp to, phủ lông trắng "
        "như tuyết. Nước vàng sáng, vị chát nhẹ, hậu ngọt.",
        "tea", TEA_SIZES, certifications=("organic",),
        name_en="Shan Tuyet tea from Tả Phìn",
    ),
    "che_suoi_giang": Speciality(
        "Chè Shan tuyết Suối Giàng", "che-ca-phe", Unit.KG, 550_000,
        "Chè hái từ cây Shan tuyết cổ thụ trên núi Suối Giàng, sao tay trong chảo gang. Nước xanh vàng, "
        "thơm mùi cốm, hậu ngọt.",
        "tea", TEA_SIZES, certifications=("organic",),
        name_en="Shan Tuyet tea from Suối Giàng",
    ),
    "che_hoang_su_phi": Speciality(
        "Chè Shan tuyết Hoàng Su Phì", "che-ca-phe", Unit.KG, 500_000,
        "Chè Shan tuyết cổ thụ được chứng nhận hữu cơ. Búp to, phủ lông tơ trắng. Nước vàng sáng, vị chát "
        "dịu, hậu ngọt lâu.",
        "tea", TEA_SIZES, certifications=("organic",),
        name_en="Shan Tuyet tea from Hoàng Su Phì",
    ),
    "che_cao_bo": Speciality(
        "Chè Shan tuyết Cao Bồ", "che-ca-phe", Unit.KG, 450_000,
        "Chè mọc trên núi Tây Côn Lĩnh, hái búp một tôm hai lá. Sao khô bằng tay, nước xanh, thơm mùi cốm.",
        "tea", TEA_SIZES, certifications=("vietgap",),
        name_en="Shan Tuyet tea from Cao Bồ",
    ),
    "che_tan_cuong": Speciality(
        "Chè Tân Cương", "che-ca-phe", Unit.KG, 400_000,
        "Chè sao bằng chảo quay, cánh nhỏ và xoăn như móc câu. Nước xanh vàng, vị chát dịu, hậu ngọt.",
        "tea", TEA_SIZES, certifications=("vietgap",),
        name_en="Tân Cương green tea",
    ),
    "che_o_long": Speciality(
        "Chè Ô long {place}", "che-ca-phe", Unit.KG, 700_000,
        "Chè Ô long vo viên, ủ nhẹ rồi sấy. Nước vàng trong, hương hoa, pha được năm sáu lần nước.",
        "tea", TEA_SIZES, certifications=("vietgap",),
        name_en="Oolong tea from {place}",
    ),
    "hong_tra": Speciality(
        "Hồng trà {place}", "che-ca-phe", Unit.KG, 900_000,
        "Búp chè được ủ lên men rồi sấy khô. Nước màu đỏ hổ phách, thơm mùi mật, uống không đắng.",
        "tea", FINE_TEA_SIZES, Unit.BOX, hue=0.24,
        name_en="Black tea from {place}",
    ),
    "bach_tra": Speciality(
        "Bạch trà Shan tuyết {place}", "che-ca-phe", Unit.KG, 2_500_000,
        "Chỉ hái búp non phủ lông trắng, phơi héo trong bóng râm. Pha nước khoảng 80 độ, vị ngọt thanh.",
        "tea", (("50 g", 0.06), ("100 g", 0.115)), Unit.BOX, ("organic",), hue=0.22,
        name_en="Shan Tuyet white tea from {place}",
    ),
    "ca_phe": Speciality(
        "Cà phê Arabica {province} rang xay", "che-ca-phe", Unit.KG, 300_000,
        "Cà phê Arabica trồng trên đồi cao, chỉ hái quả chín. Rang mộc, không tẩm bơ, không pha bắp. Vị chua "
        "nhẹ, hương trái cây.",
        "coffee", (("250 g", 0.27), ("500 g", 0.52)), Unit.PACK, ("vietgap",), picture="coffee",
        name_en="{province} Arabica coffee, roasted and ground",
    ),
    "ca_phe_nhan": Speciality(
        "Cà phê nhân Arabica {province}", "che-ca-phe", Unit.KG, 130_000,
        "Nhân xanh đã phơi khô và sàng sạch, hợp cho quán tự rang. Có thể lấy mẫu 1 kg trước.",
        "beans", picture="coffee", hue=0.17,
        name_en="{province} green Arabica coffee beans",
    ),
    # Mật ong
    "mat_ong_bac_ha": Speciality(
        "Mật ong bạc hà Mèo Vạc", "mat-ong", Unit.LITRE, 600_000,
        "Ong lấy mật từ hoa bạc hà dại nở trên cao nguyên đá từ tháng 10 đến tháng 12. Mật vàng nhạt, ngọt "
        "thanh, thơm mùi bạc hà. Trời lạnh mật có thể đóng đường, đó là điều bình thường.",
        "honey", HONEY_SIZES, Unit.BOTTLE, ("gi",), hue=0.12,
        name_en="Mèo Vạc mint honey",
    ),
    "mat_ong_rung": Speciality(
        "Mật ong rừng {place}", "mat-ong", Unit.LITRE, 450_000,
        "Mật ong do người trong bản lấy từ tổ ong rừng. Mật đặc, màu nâu sẫm, thơm mùi hoa rừng.",
        "honey", HONEY_SIZES, Unit.BOTTLE, hue=0.07,
        name_en="Wild honey from {place}",
    ),
    "mat_ong_hoa_nhan": Speciality(
        "Mật ong hoa nhãn {place}", "mat-ong", Unit.LITRE, 300_000,
        "Ong nuôi trong vườn nhãn ven sông, lấy mật vào mùa hoa tháng 3. Mật vàng sánh, thơm mùi nhãn.",
        "honey", HONEY_SIZES, Unit.BOTTLE, ("vietgap",),
        name_en="Longan blossom honey from {place}",
    ),
    # Thịt sấy, gác bếp
    "thit_trau_say": Speciality(
        "Thịt trâu sấy {province}", "thit-gac-bep", Unit.KG, 1_000_000,
        "Thịt bắp trâu tẩm mắc khén, gừng, ớt rồi treo gác bếp. Thịt dai vừa, thơm mùi khói, xé nhỏ chấm "
        "chẩm chéo.",
        "meat", KILO_SIZES, hue=0.02,
        name_en="Dried buffalo meat from {province}",
    ),
    "thit_bo_gac_bep": Speciality(
        "Thịt bò gác bếp {place}", "thit-gac-bep", Unit.KG, 950_000,
        "Thịt bò vàng vùng cao nguyên đá ướp gừng, ớt, mắc khén rồi treo gác bếp. Thịt thơm, ngọt, xé sợi ăn "
        "ngay.",
        "meat", KILO_SIZES, hue=0.03,
        name_en="Smoked beef jerky from {place}",
    ),
    "ba_chi": Speciality(
        "Ba chỉ gác bếp {province}", "thit-gac-bep", Unit.KG, 600_000,
        "Thịt ba chỉ lợn bản ướp mắc khén, hạt dổi, gừng rồi hun khói trên gác bếp. Hấp hoặc nướng lại 10 "
        "phút là ăn được.",
        "meat", KILO_SIZES,
        name_en="Smoked pork belly from {province}",
    ),
    "lap_xuong": Speciality(
        "Lạp xưởng gác bếp {province}", "thit-gac-bep", Unit.KG, 380_000,
        "Lạp xưởng làm từ thịt lợn bản, rượu ngô và mắc khén, hun khói trên bếp. Chiên hoặc hấp đều ngon.",
        "meat", KILO_SIZES, picture="sausages",
        name_en="Smoked sausage from {province}",
    ),
    # Gạo, ngũ cốc
    "gao_seng_cu": Speciality(
        "Gạo Séng Cù Mường Khương", "gao-ngu-coc", Unit.KG, 32_000,
        "Gạo Séng Cù hạt dài và trong, cấy mỗi năm một vụ bằng nước suối. Cơm dẻo, thơm, để nguội không cứng.",
        "rice", RICE_SIZES, certifications=("vietgap",),
        name_en="Séng Cù rice from Mường Khương",
    ),
    "gao_nep_tan": Speciality(
        "Gạo nếp Tan {place}", "gao-ngu-coc", Unit.KG, 45_000,
        "Nếp Tan trồng trên ruộng bậc thang, mỗi năm một vụ. Đồ xôi dẻo, thơm, để nguội vẫn mềm.",
        "rice", RICE_SIZES,
        name_en="Tan sticky rice from {place}",
    ),
    "gao_dien_bien": Speciality(
        "Gạo Điện Biên", "gao-ngu-coc", Unit.KG, 28_000,
        "Gạo trồng trên cánh đồng Mường Thanh, hạt nhỏ, trắng trong. Cơm dẻo và thơm, hợp bữa cơm hằng ngày.",
        "rice", RICE_SIZES, certifications=("vietgap",),
        name_en="Điện Biên rice",
    ),
    "gao_nuong": Speciality(
        "Gạo nương {place}", "gao-ngu-coc", Unit.KG, 40_000,
        "Lúa nương trồng trên đồi, chỉ nhờ nước mưa. Hạt gạo màu đỏ, cơm hơi dẻo và thơm.",
        "rice", RICE_SIZES, hue=0.02,
        name_en="Red upland rice from {place}",
    ),
    "mien_dong": Speciality(
        "Miến dong {place}", "gao-ngu-coc", Unit.KG, 90_000,
        "Miến làm từ tinh bột củ dong riềng, phơi nắng trên giàn tre. Sợi dai, nấu không nát, không dùng "
        "hóa chất.",
        "dried", KILO_SIZES, Unit.PACK, picture="noodles",
        name_en="Arrowroot glass noodles from {place}",
    ),
    "banh_tam_giac_mach": Speciality(
        "Bánh tam giác mạch {place}", "gao-ngu-coc", Unit.PACK, 45_000,
        "Bánh làm từ bột hạt tam giác mạch, nướng trên than. Ăn bùi, hơi đắng nhẹ, thơm mùi khói.",
        "dried", picture="dried", hue=0.08,
        name_en="Buckwheat cakes from {place}",
    ),
    # Củ, quả tươi
    "khoai_sam": Speciality(
        "Khoai sâm Sìn Hồ", "cu-qua", Unit.KG, 45_000,
        "Khoai sâm trồng trên nương ở độ cao 1.500 mét. Củ to, ruột vàng, luộc hay nướng đều bùi và ngọt.",
        "fresh", certifications=("vietgap",),
        name_en="Sìn Hồ yacon",
    ),
    "cam_sanh": Speciality(
        "Cam sành Hà Giang", "cu-qua", Unit.KG, 30_000,
        "Cam sành vỏ xanh sần, ruột vàng, nhiều nước, vị ngọt đậm. Hái khi có đơn, gửi trong thùng có lỗ "
        "thoáng.",
        "fresh", certifications=("gi", "vietgap"), picture="fruits", hue=0.1,
        name_en="Hà Giang king oranges",
    ),
    "nhan_tuoi": Speciality(
        "Nhãn Sông Mã", "cu-qua", Unit.KG, 35_000,
        "Nhãn hái trong ngày, cùi dày, hạt nhỏ, ngọt sắc. Chỉ có vào tháng 7 và tháng 8.",
        "fresh", certifications=("vietgap",), picture="small_fruits", hue=0.11,
        name_en="Sông Mã longans",
    ),
    "man_hau": Speciality(
        "Mận hậu Mộc Châu", "cu-qua", Unit.KG, 35_000,
        "Mận hậu giòn, chua ngọt, vỏ đỏ tím khi chín. Mùa mận vào tháng 5 và tháng 6.",
        "fresh", certifications=("vietgap",), picture="small_fruits", hue=0.97,
        name_en="Mộc Châu plums",
    ),
    "man_tam_hoa": Speciality(
        "Mận tam hoa Bắc Hà", "cu-qua", Unit.KG, 40_000,
        "Mận tam hoa quả to, vỏ tím phủ phấn trắng, giòn và chua ngọt. Chỉ có vào tháng 6 và tháng 7.",
        "fresh", certifications=("vietgap",), picture="small_fruits", hue=0.88,
        name_en="Bắc Hà tam hoa plums",
    ),
    "na_chi_lang": Speciality(
        "Na Chi Lăng", "cu-qua", Unit.KG, 60_000,
        "Na trồng trên núi đá vôi, múi to, ít hạt, ngọt đậm. Gửi đi khi na vừa mở mắt, để hai ngày là chín.",
        "fresh", certifications=("gi", "vietgap"), picture="fruits", hue=0.25,
        name_en="Chi Lăng custard apples",
    ),
    "mang_kho": Speciality(
        "Măng khô {place}", "cu-qua", Unit.KG, 300_000,
        "Măng nứa rừng luộc chín rồi phơi khô trên gác bếp. Ngâm nước một đêm là nấu được, hợp với thịt vịt "
        "và chân giò.",
        "dried", KILO_SIZES, picture="sticks", hue=0.11,
        name_en="Dried bamboo shoots from {place}",
    ),
    "nam_huong": Speciality(
        "Nấm hương rừng {place}", "cu-qua", Unit.KG, 500_000,
        "Nấm hương mọc trên thân gỗ sồi trong rừng, phơi khô. Mũ nấm dày, thơm, ngâm nước ấm 20 phút là nấu "
        "được.",
        "dried", (("200 g", 0.22), ("500 g", 0.52)), picture="mushrooms",
        name_en="Wild shiitake mushrooms from {place}",
    ),
    # Trái cây sấy, mứt
    "nhan_say": Speciality(
        "Long nhãn Sông Mã", "trai-cay-say", Unit.KG, 300_000,
        "Cùi nhãn tách hạt rồi sấy trên lò than củi. Long nhãn màu nâu vàng, dẻo và ngọt đậm, dùng nấu chè "
        "hoặc hãm trà.",
        "dried", KILO_SIZES,
        name_en="Dried longan from Sông Mã",
    ),
    "man_say": Speciality(
        "Mận hậu sấy dẻo {place}", "trai-cay-say", Unit.KG, 200_000,
        "Mận hậu bỏ hạt, sấy dẻo ở nhiệt độ thấp. Vị chua ngọt, dai mềm, ăn vặt hay làm quà đều hợp.",
        "sweet", (("300 g", 0.32), ("500 g", 0.52)), Unit.BOX, hue=0.97,
        name_en="Soft dried plums from {place}",
    ),
    "o_mai_man": Speciality(
        "Ô mai mận hậu {place}", "trai-cay-say", Unit.BOX, 85_000,
        "Ô mai làm từ mận hậu chín, ngâm đường, gừng và cam thảo. Vị chua, cay, mặn, ngọt hài hòa.",
        "sweet", hue=0.99,
        name_en="Salted plum sweets from {place}",
    ),
    "xoai_say": Speciality(
        "Xoài sấy dẻo {province}", "trai-cay-say", Unit.PACK, 65_000,
        "Xoài tròn chín cây thái lát, sấy dẻo, không thêm phẩm màu. Gói 250 g.",
        "sweet", hue=0.12,
        name_en="Soft dried mango from {province}",
    ),
    "tao_meo_say": Speciality(
        "Táo mèo sấy khô {place}", "trai-cay-say", Unit.KG, 120_000,
        "Táo mèo (sơn tra) thái lát rồi sấy khô. Dùng hãm nước uống hoặc ngâm rượu.",
        "dried", hue=0.05,
        name_en="Dried wild apple from {place}",
    ),
    # Hạt, gia vị
    "mac_ca": Speciality(
        "Hạt mắc ca {province}", "hat-gia-vi", Unit.KG, 320_000,
        "Hạt mắc ca nứt vỏ, sấy ba ngày nên giòn và béo. Mỗi hộp kèm dụng cụ tách vỏ.",
        "spice", KILO_SIZES, Unit.BOX,
        name_en="{province} macadamia nuts",
    ),
    "hat_de": Speciality(
        "Hạt dẻ Trùng Khánh", "hat-gia-vi", Unit.KG, 150_000,
        "Hạt dẻ to, vỏ nâu bóng. Rang với cát nóng hoặc luộc, ăn bở và ngọt. Mùa thu hoạch vào tháng 9.",
        "spice", KILO_SIZES, certifications=("gi",), hue=0.03,
        name_en="Trùng Khánh chestnuts",
    ),
    "que": Speciality(
        "Quế Văn Yên", "hat-gia-vi", Unit.KG, 90_000,
        "Vỏ quế dày, nhiều tinh dầu, vị cay ngọt. Dùng nấu phở, làm bánh hay pha trà.",
        "spice", certifications=("gi", "organic"), picture="sticks", hue=0.05,
        name_en="Văn Yên cinnamon",
    ),
    "hoi": Speciality(
        "Hoa hồi Lạng Sơn", "hat-gia-vi", Unit.KG, 220_000,
        "Hoa hồi tám cánh, màu nâu đỏ, thơm đậm. Phơi nắng tự nhiên, không sấy lưu huỳnh. Dùng nấu phở, kho "
        "thịt, ngâm rượu.",
        "spice", KILO_SIZES, certifications=("gi",), picture="stars",
        name_en="Lạng Sơn star anise",
    ),
    "thao_qua": Speciality(
        "Thảo quả khô {place}", "hat-gia-vi", Unit.KG, 250_000,
        "Thảo quả trồng dưới tán rừng, quả chín được sấy khô trên lò củi. Dùng nấu phở, kho thịt hay nấu lẩu.",
        "spice", KILO_SIZES, hue=0.01,
        name_en="Dried black cardamom from {place}",
    ),
    "hat_doi": Speciality(
        "Hạt dổi rừng", "hat-gia-vi", Unit.KG, 1_000_000,
        "Hạt dổi nhặt dưới gốc cây dổi rừng, phơi khô. Nướng thơm rồi giã với muối, chấm thịt gác bếp hay gà "
        "luộc.",
        "spice", SPICE_SIZES, picture="grains", hue=0.06,
        name_en="Wild doi seeds",
    ),
    "mac_khen": Speciality(
        "Mắc khén rừng", "hat-gia-vi", Unit.KG, 350_000,
        "Mắc khén hái trên rừng, phơi khô, vị cay tê và thơm. Là gia vị chính để ướp thịt gác bếp.",
        "spice", SPICE_SIZES, picture="grains", hue=0.03,
        name_en="Wild mắc khén pepper",
    ),
    "cham_cheo": Speciality(
        "Chẩm chéo {place}", "hat-gia-vi", Unit.JAR, 45_000,
        "Chẩm chéo là nước chấm của người Thái, làm từ ớt nướng, mắc khén, tỏi và rau thơm rừng. Chấm rau "
        "luộc, xôi hay thịt nướng đều ngon.",
        "sauce", picture="sauce", hue=0.03,
        name_en="Chẩm chéo dipping sauce from {place}",
    ),
    "tuong_ot": Speciality(
        "Tương ớt Mường Khương", "hat-gia-vi", Unit.BOTTLE, 45_000,
        "Tương ớt làm từ ớt bản, tỏi và gừng theo cách của người Mường Khương. Cay thơm, không dùng phẩm màu.",
        "sauce", picture="bottles", hue=0.0,
        name_en="Mường Khương chili sauce",
    ),
    # Dược liệu, sâm
    "sam_lai_chau": Speciality(
        "Sâm Lai Châu", "duoc-lieu", Unit.KG, 60_000_000,
        "Sâm trồng dưới tán rừng già ở độ cao trên 1.600 mét. Củ được đào khi đủ 5 năm tuổi trở lên, có giấy "
        "ghi nguồn giống.",
        "herb", (("100 g", 0.1), ("200 g", 0.2)), Unit.BOX, picture="ginseng",
        name_en="Lai Châu ginseng",
    ),
    "sam_mat_ong": Speciality(
        "Sâm Lai Châu ngâm mật ong", "duoc-lieu", Unit.JAR, 1_500_000,
        "Lát sâm Lai Châu tươi ngâm trong mật ong rừng. Mỗi ngày ăn vài lát hoặc pha với nước ấm.",
        "herb", picture="honey", hue=0.09,
        name_en="Lai Châu ginseng in honey",
    ),
    "tam_that": Speciality(
        "Tam thất {place}", "duoc-lieu", Unit.KG, 1_200_000,
        "Củ tam thất trồng trên núi cao, 3 năm tuổi trở lên mới đào. Rửa sạch, phơi khô, dùng hầm gà hoặc "
        "tán bột.",
        "herb", (("100 g", 0.11), ("250 g", 0.26)), Unit.BOX, picture="tubers", hue=0.1,
        name_en="Notoginseng root from {place}",
    ),
    "duong_quy": Speciality(
        "Đương quy {place}", "duoc-lieu", Unit.KG, 280_000,
        "Rễ đương quy thái lát mỏng, phơi khô. Thường dùng hầm gà, nấu canh hoặc ngâm rượu.",
        "herb", picture="dried", hue=0.11,
        name_en="Dong quai root from {place}",
    ),
    "la_tam": Speciality(
        "Lá tắm người Dao đỏ", "duoc-lieu", Unit.PACK, 50_000,
        "Gói lá gồm hơn 20 loại lá rừng do người Dao đỏ hái và phơi khô. Đun nước tắm giúp ấm người, đỡ mệt.",
        "herb",
        name_en="Red Dao herbal bath leaves",
    ),
    "giao_co_lam": Speciality(
        "Giảo cổ lam {place}", "duoc-lieu", Unit.KG, 220_000,
        "Giảo cổ lam loại 5 lá, hái trên núi cao rồi sao khô. Hãm nước uống hằng ngày, vị hơi đắng rồi ngọt.",
        "herb", hue=0.33,
        name_en="Jiaogulan tea from {place}",
    ),
    "tinh_dau_que": Speciality(
        "Tinh dầu quế {place}", "duoc-lieu", Unit.BOTTLE, 120_000,
        "Tinh dầu chưng cất từ lá và cành quế, chai 50 ml. Nhỏ vài giọt vào máy xông hoặc pha nước lau nhà.",
        "herb", picture="bottles", hue=0.07,
        name_en="Cinnamon essential oil from {place}",
    ),
    "tinh_dau_hoi": Speciality(
        "Tinh dầu hồi {place}", "duoc-lieu", Unit.BOTTLE, 150_000,
        "Tinh dầu chưng cất từ quả hồi, chai 50 ml. Dùng xoa bóp, xông phòng hoặc đuổi muỗi.",
        "herb", picture="bottles", hue=0.1,
        name_en="Star anise essential oil from {place}",
    ),
    # Đồ uống
    "ruou_ngo": Speciality(
        "Rượu ngô {place}", "ruou-do-uong", Unit.LITRE, 80_000,
        f"Rượu ngô nấu thủ công bằng men lá rừng, khoảng 40 độ. {ADULTS_ONLY}",
        "drink", hue=-1.0,
        name_en="Corn wine from {place}",
    ),
    "ruou_tao_meo": Speciality(
        "Rượu táo mèo {place}", "ruou-do-uong", Unit.BOTTLE, 150_000,
        f"Rượu ngâm từ táo mèo chín và rượu ngô, để trên sáu tháng. Màu hổ phách, vị chua chát nhẹ. {ADULTS_ONLY}",
        "drink", hue=0.05,
        name_en="Wild apple wine from {place}",
    ),
    "ruou_man": Speciality(
        "Rượu mận {place}", "ruou-do-uong", Unit.BOTTLE, 130_000,
        f"Rượu ngâm từ mận hậu chín và rượu gạo, để trên sáu tháng. Màu đỏ hồng, vị chua ngọt. {ADULTS_ONLY}",
        "drink", hue=0.97,
        name_en="Plum wine from {place}",
    ),
    # Thổ cẩm, thủ công
    "khan": Speciality(
        "Khăn thổ cẩm {place}", "tho-cam", Unit.PIECE, 250_000,
        "Khăn dệt tay trên khung cửi, hoa văn thêu bằng chỉ màu. Mỗi chiếc có một hoa văn riêng.",
        "craft",
        name_en="Brocade scarf from {place}",
    ),
    "tui": Speciality(
        "Túi thổ cẩm {place}", "tho-cam", Unit.PIECE, 220_000,
        "Túi đeo vai may từ vải thổ cẩm dệt tay, có lót trong và khóa kéo. Đi chợ, đi học đều hợp.",
        "craft", hue=0.0,
        name_en="Brocade bag from {place}",
    ),
    "vi": Speciality(
        "Ví thổ cẩm {place}", "tho-cam", Unit.PIECE, 90_000,
        "Ví nhỏ may từ những mảnh thổ cẩm, đựng tiền và thẻ. Làm quà tặng rất hợp.",
        "craft", hue=0.78,
        name_en="Brocade wallet from {place}",
    ),
    "vai_lanh": Speciality(
        "Vải lanh {place}", "tho-cam", Unit.SHEET, 800_000,
        "Vải dệt từ sợi lanh, vẽ hoa văn bằng sáp ong rồi nhuộm chàm. Mỗi tấm dài khoảng 4 mét, làm trong hai "
        "tháng.",
        "craft",
        name_en="Hemp cloth from {place}",
    ),
}  # fmt: skip

GIFT_BOX = Extra("hộp quà", 1.25, "Đóng hộp giấy cứng, hợp làm quà biếu.", is_boxed=True, words_en="gift box")
EXTRAS: dict[str, tuple[Extra, ...]] = {
    "tea": (
        Extra("loại đặc biệt", 1.4, "Chỉ hái một tôm hai lá, làm thủ công từng mẻ nhỏ.", words_en="special grade"),
        Extra("vụ xuân", 1.15, "Chè hái vụ xuân, búp mập, nước thơm nhất năm.", words_en="spring harvest"),
        GIFT_BOX,
    ),
    "coffee": (
        Extra("rang đậm", 1.05, "Rang đậm hơn, vị đắng rõ, hợp pha phin.", words_en="dark roast"),
        Extra("rang vừa", 1.0, "Rang vừa, giữ vị chua nhẹ và hương trái cây.", words_en="medium roast"),
        GIFT_BOX,
    ),
    "beans": (
        Extra("sàng 18", 1.15, "Hạt lớn và đều, đã qua sàng 18.", words_en="screen 18"),
        Extra("chế biến ướt", 1.1, "Sơ chế ướt: xát vỏ, ủ lên men rồi phơi trên giàn.", words_en="wet processed"),
    ),
    "honey": (
        Extra("chai thủy tinh", 1.1, "Đựng chai thủy tinh, đậy nắp kín.", words_en="glass bottle"),
        Extra("vụ mới", 1.0, "Mật của mùa hoa năm nay, vừa quay xong.", words_en="new harvest"),
    ),
    "meat": (
        Extra(
            "hút chân không",
            1.05,
            "Đóng túi hút chân không, để ngăn mát tủ lạnh được ba tháng.",
            words_en="vacuum packed",
        ),
        Extra("ít cay", 1.0, "Ướp ít ớt, trẻ nhỏ cũng ăn được.", words_en="mild"),
        Extra("loại đặc biệt", 1.2, "Chọn phần thịt ngon nhất, hun lâu hơn.", words_en="special grade"),
    ),
    "rice": (
        Extra("vụ mới", 1.1, "Gạo vụ mới, vừa xay xong, nấu thơm hơn.", words_en="new harvest"),
        Extra("loại 1", 1.2, "Hạt đều, đã sàng sạch sạn và thóc.", words_en="grade 1"),
    ),
    "fresh": (
        Extra("loại 1", 1.2, "Chọn củ, quả to đều, không dập.", words_en="grade 1"),
        Extra("hàng tuyển", 1.35, "Hàng chọn kỹ từng chiếc, hợp làm quà biếu.", words_en="hand-picked"),
    ),
    "dried": (Extra("loại 1", 1.2, "Chọn miếng to, đều màu, phơi thật khô.", words_en="grade 1"), GIFT_BOX),
    "sweet": (Extra("ít đường", 1.05, "Làm ít đường, giữ vị chua ngọt tự nhiên.", words_en="less sugar"), GIFT_BOX),
    "spice": (
        Extra("loại 1", 1.2, "Hạt to đều, đã loại bỏ hạt lép.", words_en="grade 1"),
        Extra("vụ mới", 1.05, "Hàng vụ mới, còn thơm.", words_en="new harvest"),
    ),
    "sauce": (
        Extra("cay nhiều", 1.0, "Làm cay hơn cho người thích ăn cay.", words_en="extra hot"),
        Extra("ít cay", 1.0, "Làm ít cay, hợp khẩu vị người miền xuôi.", words_en="mild"),
    ),
    "herb": (Extra("loại 1", 1.3, "Hàng chọn kỹ, phơi khô đều.", words_en="grade 1"), GIFT_BOX),
    "drink": (
        Extra("bình gốm", 1.6, "Đựng bình gốm có nút gỗ.", words_en="ceramic jar"),
        Extra("để lâu năm", 1.5, "Rượu đã để trên một năm, uống êm hơn.", words_en="aged"),
    ),
    "craft": (
        Extra("nhuộm chàm", 1.1, "Nhuộm chàm bằng lá cây, màu đậm và bền.", words_en="indigo dyed"),
        Extra("hoa văn cổ", 1.3, "Hoa văn cổ do các bà trong bản chỉ cách làm.", words_en="old patterns"),
    ),
}

SECOND_LISTING_SHARE = 0.35  # how often a seller lists a speciality a second time, with an extra
SIZES_SHARE = 0.6  # how often a speciality that comes in sizes is listed with two variants
OCOP_SHARE: dict[str, float] = {HOUSEHOLD: 0.15, COOPERATIVE: 0.45, ENTERPRISE: 0.45}
FEATURED_COUNT = 8


def product_seeds() -> list[ProductSeed]:
    """Every demo listing in a fixed order: the same list on every call (``random.Random(2025)``).

    Each seller lists each of its specialities once, and some a second time with an extra
    ("hộp quà", "hút chân không"); no seller has two listings of the same name.
    """
    rng = random.Random(2025)
    seeds: list[ProductSeed] = []
    for seller in SELLERS:
        names: set[str] = set()
        for key in seller.specialities:
            speciality = SPECIALITIES[key]
            extras: list[Extra | None] = [None]
            if rng.random() < SECOND_LISTING_SHARE:
                extras.append(rng.choice(EXTRAS[speciality.extras]))
            for extra in extras:
                seed = _listing(rng, seller, speciality, extra)
                if seed.name not in names:
                    names.add(seed.name)
                    seeds.append(seed)
    return _feature(rng, seeds)


def _listing(rng: random.Random, seller: SellerSeed, speciality: Speciality, extra: Extra | None) -> ProductSeed:
    name = speciality.name.format(place=seller.commune, province=seller.province)
    name_en = speciality.name_en.format(place=seller.commune, province=seller.province)
    description = speciality.description
    price = speciality.price * rng.uniform(0.92, 1.1)
    if extra is not None:
        name, name_en, description, price = (
            f"{name} {extra.words}",
            f"{name_en}, {extra.words_en}",
            f"{description} {extra.sentence}",
            price * extra.price_factor,
        )
    is_boxed = extra is not None and extra.is_boxed
    in_sizes = bool(speciality.sizes) and (rng.random() < SIZES_SHARE or is_boxed)
    variants = (
        tuple(VariantSeed(label, _round_price(price * share), _stock(rng, price)) for label, share in speciality.sizes)
        if in_sizes
        else (VariantSeed("", _round_price(price), _stock(rng, price)),)
    )
    unit = Unit.BOX if is_boxed else speciality.pack if in_sizes else speciality.unit
    stars = _ocop_stars(rng, seller.kind)
    return ProductSeed(
        seller_slug=seller.slug,
        name=name,
        name_en=name_en,
        category=speciality.category,
        unit=unit,
        description=description,
        variants=variants,
        ocop_stars=stars,
        ocop_year=rng.randint(2019, 2025) if stars else None,
        certifications=tuple(c for c in speciality.certifications if c == "gi" or rng.random() < 0.6),
        photo_count=2 if rng.random() < 0.35 else 1,
        picture=speciality.picture,
        hue=speciality.hue,
    )


def _ocop_stars(rng: random.Random, kind: str) -> int | None:
    """About half the listings of cooperatives and enterprises are rated, few of households';
    five stars (a national rating) only for the larger sellers."""
    if rng.random() >= OCOP_SHARE[kind]:
        return None
    stars = rng.choices((3, 4, 5), weights=(55, 35, 10))[0]
    return min(stars, 4) if kind == HOUSEHOLD else stars


def _stock(rng: random.Random, unit_price: float) -> int:
    """A few listings sold out; dear goods (ginseng, white tea) kept in small numbers."""
    if rng.random() < 0.05:
        return 0
    return rng.randint(2, 40) if unit_price >= 2_000_000 else rng.randint(5, 500)


def _round_price(dong: float) -> int:
    """Whole đồng as sellers write prices: thousands, or coarser steps for dear goods."""
    step = 1_000 if dong < 100_000 else 5_000 if dong < 2_000_000 else 50_000 if dong < 20_000_000 else 500_000
    return max(step, round(dong / step) * step)


def _feature(rng: random.Random, seeds: list[ProductSeed]) -> list[ProductSeed]:
    """Put a handful of the best-rated listings on the home page."""
    rated = [i for i, seed in enumerate(seeds) if (seed.ocop_stars or 0) >= 4]
    chosen = set(rng.sample(rated, min(FEATURED_COUNT, len(rated))))
    return [replace(seed, is_featured=True) if i in chosen else seed for i, seed in enumerate(seeds)]

"""Word lists for language identification: Persian/Arabic markers, romanised Persian (Finglish) and Arabizi.

Only words that one language uses and the other practically never does are listed; words both share (من, ما,
یعنی, بس, تمام, واقعا; "salam", "bas") would only add noise. The Arabic-script lists were checked against the
training splits of the sentiment corpus (`bench/train_langid.py --check-words` prints the counts).
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = [
    "ARABIC_MARKERS",
    "ARABIZI_WEAK_WORDS",
    "ARABIZI_WORDS",
    "FINGLISH_WEAK_WORDS",
    "FINGLISH_WORDS",
    "PERSIAN_MARKERS",
    "ROMANIZED_NOT_ARABIZI",
]

# Persian function words, copulas, light verbs and common feedback words, written with Persian ی/ک (the
# matcher folds ي/ك, so Persian typed on an Arabic keyboard matches too). Dropped after the corpus check
# because Arabic uses the same letters often: مرسی (مرسي, Morsi), ولی (ولي), اما (أما), کی (كي), به, هم, بدی
# (Levantine بدي), الان, زود, دیر, تحویل, ارسال, عالیه (عالية written with ه).
PERSIAN_MARKERS: Final = _words(
    """
    است هست نیست هستش نیستش هستن نیستن خیلی رو را که برای اگه اگر چون چرا چی چیه چطور چقدر کجا این اون آن اینو
    اونو اینا اونا یه یک همه باید نباید شاید بود بودم بودن بودند نبود شد شده نشد نشده کرد کردم کردن کردند کنید
    کنم کنه کنین میکنه نمیکنه میشه نمیشه میخوام نمیخوام میخواستم دارم ندارم داره نداره داشت نداشت باشه بشه خوب
    خوبه خوبی بده ممنون ممنونم متشکرم تشکر سپاس لطفا دیگه هنوز بسیار از در با تا اینکه چیزی هیچ کاش آره نه
    خیلیی بهتر بدتر بهترین بدترین شما ایشون سفارش غذا گرون ارزون قیمت کیفیت پیک کالا خرید
    """
)

# Arabic function words (MSA) and dialect markers: Egyptian (مش، عايز، إزاي), Gulf (وايد، زين، شلون),
# Levantine (هيك، كتير، منيح), Iraqi (ماكو), Maghrebi (بزاف، زوين، مزيان). Dropped after the corpus check
# because Persian writes the same letters: هاي (plural های), هي, جدا (Persian "apart"), مو ("hair"), ليست
# ("list"), ازاي (در ازای), بدي, بدك, شو, ايش, ايه, تكون, وحش. Two are kept against the check: the training
# corpus has وايد only as camera reviews' "wide (lens)" and زين as "زین پس"; in customer feedback they are the
# Gulf "very" and "good".
ARABIC_MARKERS: Final = _words(
    """
    في على إلى الى هذا هذه ذلك تلك التي الذي الذين اللذين كان كانت يكون ليس لا لم لن قد لقد مع أن أنا انا أنت
    انت نحن هو عند عندي حتى ثم أو إن إذا اذا لكن ولكن لأن لان اللي شكرا جميل جميلة رائع رائعة سيء سيئ سيئة جيد
    جيدة مش عشان علشان كده كدا اوي أوي عايز عاوز عايزة إزاي فين ليه إيه احنا إحنا وحشة حلو حلوة وايد زين شلون
    شنو وش ليش هيك كتير منيح هلق هلأ مافي ماكو هذي هاذا بزاف زوين مزيان كيفاش علاش دابا برشا يعطيك العافية مرة
    الحمدلله والحمدلله
    """
)

# Persian in Latin letters (Finglish), with the spelling variants people type: function words, the commonest
# verb forms, and feedback vocabulary (food delivery, shopping). None is an everyday English, French, Spanish,
# Turkish, German or Indonesian word, so each hit says something; the ambiguous ones are in
# FINGLISH_WEAK_WORDS.
FINGLISH_WORDS: Final = _words(
    """
    kheili kheyli kheily khaili khyli khili kheli khely khoob khub khoobe khube khubeh khoobeh khob khobe
    khoobi khubi mersi mrc mamnoon mamnun mamnon mamnoonam mamnunam moteshakeram motashakeram tashakor
    tashakkor tashakoor sepas sepasgozaram dastet dastetoon dastam ghorbanet ghorboonet khodafez khodahafez
    bood bod boodam bodam budam boodan bodan budan boodin nabood nabod nabodan naboodan nist nis nistam
    nistesh hastesh hastam hasti hastim hastid hastin hastan mikham mikhaam mikhastam mikhay mikhad mikhan
    nemikham nemikhad mishe mishod nemishe nemishod mikone mikoni mikonam mikonid mikonin nemikone nemikonam
    mikonan kardam kardim kardan kardin kardid nakard nakardam nakardan konid konin konam konim nakonid
    nakonin shod shode shodeh shodan shodam nashod nashode nashodeh dashtam dashtim dashtan nadasht nadashtam
    nadashtan nadashtim daram darim darid darin nadaram nadare nadarim nadarid midam midim midin midid midan
    nemidam nemidan dadam dadim dadan dadin nadadan ferestadan ferestadin ferestadid ferestade nafrestadan
    nafrestadin nafrestadid befrestid befrestin resid residan nareside naresid oomad oomade oumad umad umade
    omade miad miyad nayomad nayoomad gereftam gereftim kharidam kharidim kharidan khordam khordim khordan
    bokhorid bashe nabashe bashid bashin bedid bedin gofte goftam goftan goftin migan mige migid didam nadidam
    raftam rafte mitoonam mitunam nemitoonam nemitunam mitoonid midoonam midunam nemidoonam nemidunam bayad
    nabayad shayad dige digeh hanooz hanuz chera chon chun vali valy faghat fght hamin hamun hamoon hamishe
    hamash hichvaght hichi hich chiye chetori chetor chejuri koja kojast chand chanta besyar bishtar kamtar
    ziad ziyad zyad kolan aslan asln emrooz emruz dirooz diruz farda daghighe dafe dafeye lotfan lotfn ageh
    inja oonja injast oon shoma manam khodam khodet ye chiz chizi rooz ruz sefaresh sefareshe sefaresham
    sefareshi kharid ghaza ghazaa ghazash qaza gheymat gheimat ghimat geroon gerun gerune geroone arzoon arzun
    arzoone keyfiat keyfiyat kefiat kifiat keifiat ersal takhir peyk paik moshtari moshkel moshkeli poshtibani
    pishnahad eshtebah eshtebahi ezafe morgh goosht gusht berenj sibzamini nooshabe noshabe sandevich joje
    jooje khoresh chelo ghahve khoshmaze khoshmazeh khushmaze bimaze bimazeh badmaze badmazeh tazeh sard garm
    kharab aali aalie aaliye aliye aliiie awli avali avvali ghashang zesht jaleb afarin behtarin badtarin
    behtar badtar dorost doroste ghalat khasteh khoshgel azizam dadash aghaye agha khanoom khanum areh baleh
    nakheir kheir khodaya salamat beja khas monde ziadi nemidad midad nazashtan nazashte gozashtan gozashte
    bara barat baraye khodeto hala bazam dobare dobareh soal javab pool pul nadashte dasht dashte hamishegi
    jadid alie aalii khoshhal khoshal narahat rezayat razi narazi zood zud eshtebahan lotfa rayegan raygan
    """
)

# Finglish words that are also everyday words elsewhere ("merci" in French, "bad", "man", "are" and "mast" in
# English, "va" in Spanish): they count only next to a word from FINGLISH_WORDS.
FINGLISH_WEAK_WORDS: Final = _words(
    """
    merci bad bade badi ham man to in ba ke az dar na khar ali salam alan dare bud dust nabud va ro ra be ya o
    kam kard hast are bale mast nun noon nan kabab pizza salad chai sos saat bar dari kon mn mese mesle asan
    una ona taze agar age reside
    """
)

# Arabic in Latin letters (Arabizi). Digits used as letters (3 = ع, 7 = ح, 2 = ء, 5 = خ, 9 = ص...) are caught
# by a pattern in `langid`; these are the words written without digits.
ARABIZI_WORDS: Final = _words(
    """
    inshallah inshalla insha2allah inchallah mashallah mashalla machallah wallah wallahi walla yalla yallah
    habibi habibti shukran shokran shokrn shukrn kteer kteir ktir kter mish msh keda kda kaman kamaan ahlan
    marhaba ezayak ezayek ezay izzay izay enta enti inta inti howa ehna e7na ma3a ya3ni yaani ya3ny tayeb
    tayyeb kwayes kwayis kwais kwayyes 7elw helw 7elwa helwa wahed wa7ed lazem lazim mafi mafeesh mafish fein
    feen leish alhamdulillah hamdulillah hamdella 3ala 3an 3shan 3ashan 3alashan ahsan a7san zei khalas 5alas
    shu shou mnih mneeh kifak kifik keefak bzaf bezaf barsha wesh wach dyal diyal mzyan mezyan zwin
    """
)

# Arabizi words that are also English words or names ("mesh", "hiya", "Ana"): they count only next to a word
# from ARABIZI_WORDS or a digit-letter.
ARABIZI_WEAK_WORDS: Final = _words("mesh ana hiya sho leh fen zay lesh")

# Tokens with a digit inside that are not Arabizi: ordinals, device and codec names.
ROMANIZED_NOT_ARABIZI: Final = _words(
    "mp3 mp4 3d 2d 3g 5g 2nd 3rd 5th 6th 7th 8th 9th s7 s8 s9 a5 a7 a3 h264 x5 x7 p20 p30 2fa"
)

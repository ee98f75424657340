"""The words the video writes by itself (step titles, legends, labels), in the scenario's language, and its numerals:
a scenario in Bengali gets Bengali words everywhere, and Bengali digits in its section numbers when its title
writes its own numbers that way. A phrase with no translation stays English."""
from __future__ import annotations

WORK = ("Work each step by hand; a calculator with eˣ and ln is enough. Round each answer to the decimals asked and "
        "go on from your rounded answers.")
TOLERANCE = ("Each answer is the exact value rounded to the decimals asked. An answer within ±{one} in its last "
             "decimal is right, since a student goes on from rounded answers; an updated weight or bias within "
             "±{update} (η times a gradient rounded to {digits} decimals). A worked line with ≈ is one where the "
             "rounded numbers before it land off the exact value: accept what they give.")
PHRASES = {
    "bn": {
        "the loss reads p only where y > 0": "ক্ষতি কেবল y > 0 যেখানে সেখানেই p পড়ে",
        "sample 1: the loss reads p only where y > 0": "নমুনা ১: ক্ষতি কেবল y > 0 যেখানে সেখানেই p পড়ে",
        "the softmax Jacobian": "সফটম্যাক্সের জ্যাকোবিয়ান",
        "sample 1's own Jacobian (one per sample)": "নমুনা ১-এর নিজের জ্যাকোবিয়ান (প্রতি নমুনার একটি)",
        "the chain road breaks in float64": "float64-এ চেইন রুলের পথ ভেঙে যায়",
        "the chain rule through the Jacobian": "জ্যাকোবিয়ানের মধ্য দিয়ে চেইন রুল",
        "why the product is p − y": "গুণফল কেন p − y",
        "the frameworks' short road: no 1/p": "ফ্রেমওয়ার্কের ছোট পথ: 1/p লাগে না",
        "the short road: log-sum-exp": "ছোট পথ: log-sum-exp",
        "all {n} rows of p − y, divided by N": "p − y-এর {n}টি সারি, প্রতিটি N দিয়ে ভাগ",
        "width": "প্রস্থ",
        "sample {n} of {count}": "নমুনা {n} / {count}",
        "sample {n}": "নমুনা {n}",
        "step": "ধাপ",
        "variant {n}": "রূপভেদ {n}",
        "Worksheet": "অনুশীলনী",
        "Answer key": "উত্তরমালা",
        "Given": "দেওয়া আছে",
        "Answers": "উত্তর",
        "Name:": "নাম:",
        "variant {n} of {of}, seed {seed}": "{of}-এর রূপভেদ {n}, সিড {seed}",
        "{n} decimals": "দশমিকের পর {n} ঘর",
        WORK: "প্রতিটি ধাপ হাতে কষুন; eˣ ও ln থাকা একটি ক্যালকুলেটরই যথেষ্ট। প্রতিটি উত্তর যত দশমিক ঘর চাওয়া "
              "হয়েছে তত ঘরে রাউন্ড করুন, আর পরের ধাপে সেই রাউন্ড করা উত্তর নিয়েই এগোন।",
        TOLERANCE: "প্রতিটি উত্তর আসল মানকে চাওয়া দশমিক ঘরে রাউন্ড করা। শেষ দশমিক অঙ্কে ±{one} পর্যন্ত পার্থক্য "
                   "থাকলে উত্তর সঠিক, কারণ শিক্ষার্থী রাউন্ড করা উত্তর থেকে এগোয়; হালনাগাদ করা ওজন বা বায়াসে "
                   "±{update} পর্যন্ত (η গুণ {digits} দশমিক ঘরে রাউন্ড করা গ্রেডিয়েন্ট)। যে লাইনে ≈ আছে, সেখানে "
                   "আগের রাউন্ড করা সংখ্যা আসল মান থেকে একটু সরে যায়: সেগুলো থেকে যা আসে তা-ও সঠিক ধরুন।",
    },
}
DIGITS = {"bn": "০১২৩৪৫৬৭৮৯"}
IN_SYMBOLS = {                      # what a formula writes in place of English words where TeX cannot set the language
    "rows are samples: ": "",
    "samples as columns: ": "",
    "symmetric; ": "",
    "overflows": r"-\infty",
    "undefined": "?",
    " in float64, so ": r"\;\Rightarrow\;",
    " has no value: the chain road overflows": " = ?",
    "true": r"\checkmark",
}


def phrase(language: str, english: str, **fields) -> str:
    """`english` in `language` (with its {fields} filled in), or in English where there is no translation."""
    return PHRASES.get(language, {}).get(english, english).format(**fields)


def renewed(language: str, symbol: str, up: bool = False) -> str:
    """A symbol after the update in TeX: W_new (p_1^new with `up`) in English; W' where the word would be in a
    script TeX cannot set (the formulas are pdfLaTeX)."""
    if language != "en":
        return rf"{{{symbol}}}'"
    return rf"{{{symbol}}}^{{\mathrm{{new}}}}" if up else rf"{symbol}_{{\mathrm{{new}}}}"


def tex_words(language: str, english: str) -> str:
    """Words inside a formula: as TeX text in English; in another language, the symbols that say the same (the
    formulas are pdfLaTeX, which cannot set every script), so no English is left on a Bengali screen."""
    return rf"\text{{{english}}}" if language == "en" else IN_SYMBOLS[english]


def numeral(language: str, title: str, number: int) -> str:
    """A section number in the digits the title writes its own numbers in (Latin when it writes none)."""
    digits = DIGITS.get(language)
    if digits and any(ch in digits for ch in title):
        return str(number).translate(str.maketrans("0123456789", digits))
    return str(number)

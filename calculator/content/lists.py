"""The lists every medium shows, written once: the red flags of a sales pitch, the advice on
choosing a bank, and which reasons are health economics (in the parents' copies those are
shown only in the titled health-economics section)."""

from __future__ import annotations

#: Warning signs in a private bank's sales pitch (``red_flag.<key>``), in the order shown by
#: the page, the PDF and the command line (one list, one wording: the cord-tissue add-on is
#: one of them everywhere).
RED_FLAGS = ("anti_ageing", "online_testimonials", "no_risk", "unregistered_trial", "no_consent", "unlicensed",
             "cord_tissue")
#: How to choose a licensed bank (``advice.<key>``); directed donation only when advised.
BANK_ADVICE = ("licensed_bank_cn", "licensed_bank_us", "check_bank", "directed_donation")
#: Reasons whose text is health economics (willingness to pay, QALY, net monetary benefit, the
#: largest fee worth paying): the parents' copies show them in the health-economics section.
ECONOMICS_REASONS = frozenset({"nmb_negative", "nmb_positive", "private_worth_up_to", "private_fee_above_value"})
#: Words that belong only inside the parents' health-economics section (on the page and in the PDF).
HEALTH_ECONOMICS_TERMS = ("QALY", "ICER", "net monetary benefit", "willingness to pay", "present value",
                          "质量调整", "净货币效益", "支付意愿", "意愿支付", "现值")

"""The fields of the stock that its pages and its API let the administrator set (the same lists)."""

BUILDING_FIELDS = [
    "code",
    "name",
    "address",
    "territory",
    "owner_kind",
    "owner",
    "cadastral_municipality",
    "cadastral_sheet",
    "cadastral_parcel",
    "energy_class",
    "lift",
    "step_free_entrance",
    "accessibility_notes",
    "max_low_low_share",
    "max_elderly",
    "max_young",
    "max_disability",
]
UNIT_FIELDS = [
    "code",
    "floor",
    "lift",
    "rooms",
    "bedrooms",
    "usable_m2",
    "max_occupants",
    "step_free",
    "wheelchair_accessible",
    "group_living",
    "earmarked_pathway",
    "monthly_rent",
    "service_charges",
    "agreed_rent_zone",
    "cadastral_sub",
]
OWNER_FIELDS = ["kind", "name", "territory", "tax_code", "email", "phone"]
OWNER_AGREEMENT_FIELDS = ["reference", "signed_on", "valid_from", "valid_to", "rent_guarantee", "terms"]
COMMON_SPACE_FIELDS = ["name", "kind", "area_m2", "act_kind", "act_reference", "act_date"]

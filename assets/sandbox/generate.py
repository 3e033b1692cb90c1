#!/usr/bin/env python3
"""Generates the sandbox org (the JSON files next to this script). Deterministic: same output
every run. The JSON is what the binary embeds; rerun this only to change the dataset:

    python3 assets/sandbox/generate.py

Besides a realistic random org, it writes verbatim the ids and external values used by the sample
requests of the seed pages (../../../shared/seeds), so each curl sample gets its sample response.
"""

import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261123)

_seq = [0]
USED = set()


def new_id():
    _seq[0] += 1
    i = "5725767000%09d" % (1000000 + _seq[0] * 7)
    assert i not in USED
    USED.add(i)
    return i


def fixed(i):
    assert i not in USED, i
    USED.add(i)
    return i


USERS = [
    {"id": "5725767000000411001", "full_name": "Sandbox Admin", "email": "admin@zcrm-sandbox.example",
     "profile": {"name": "Administrator", "id": "5725767000000026011"},
     "role": {"name": "CEO", "id": "5725767000000026005"}, "can_delete": True},
    {"id": "5725767000000411017", "full_name": "Priya Raman", "email": "priya.raman@zcrm-sandbox.example",
     "profile": {"name": "Standard", "id": "5725767000000026014"},
     "role": {"name": "Sales Manager", "id": "5725767000000026008"}, "can_delete": True},
    {"id": "5725767000000411033", "full_name": "Marcus Chen", "email": "marcus.chen@zcrm-sandbox.example",
     "profile": {"name": "Standard", "id": "5725767000000026014"},
     "role": {"name": "Sales Rep", "id": "5725767000000026009"}, "can_delete": True,
     "own_records_only": True},
    {"id": "5725767000000411049", "full_name": "Sofia Alvarez", "email": "sofia.alvarez@zcrm-sandbox.example",
     "profile": {"name": "Standard", "id": "5725767000000026014"},
     "role": {"name": "Sales Rep", "id": "5725767000000026009"}, "can_delete": True},
    {"id": "5725767000000411065", "full_name": "Rita Reader", "email": "rita.reader@zcrm-sandbox.example",
     "profile": {"name": "Read Only", "id": "5725767000000026017"},
     "role": {"name": "Analyst", "id": "5725767000000026010"}, "can_delete": False},
]
OWNERS = USERS[:4]
for u in USERS:
    USED.add(u["id"])

FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mateo", "Amelia",
         "Hiroshi", "Aisha", "Ravi", "Chloe", "Jonas", "Ingrid", "Kwame", "Fatima", "Diego", "Lena", "Omar",
         "Yuki", "Grace", "Pierre", "Zanele", "Björn", "Ana", "Tomás", "Mei", "Hannah", "Ethan", "Nora",
         "Samuel", "Leila", "Arjun", "Clara", "Felix", "Isla", "Hugo"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Nakamura", "Okafor", "Patel", "Schmidt", "Dubois", "Rossi", "Kowalski", "Andersson", "Haddad",
        "O'Neil", "Müller", "Nguyen", "Silva", "Kim", "Cohen", "Moreau", "Ivanova", "Mensah", "Fischer",
        "Costa", "Lindqvist", "Takahashi", "Walker", "Young", "King", "Wright", "Lopez", "Hill", "Scott"]
COMPANIES = ["Acme Robotics", "Bluefin Logistics", "Cedar & Stone Legal", "Delta Dental Group",
             "Evergreen Foods", "Fjord Analytics", "Granite Peak Outfitters", "Harbor Light Insurance",
             "Ironclad Security", "Juniper Health", "Kestrel Aerospace", "Lumen Solar", "Meridian Bank",
             "Northwind Traders", "Orchid Hotels", "Pioneer Steel", "Quasar Media", "Riverbend Farms",
             "Summit Education", "Tidewater Marine", "Umbra Design Studio", "Vertex Software",
             "Willow Creek Clinics", "Xenon Labs", "Yellowstone Freight", "Zephyr Wind Power",
             "Atlas Construction", "Beacon Pharmacy", "Cobalt Mining", "Driftwood Furniture"]
INDUSTRIES = ["Technology", "Manufacturing", "Healthcare", "Finance", "Retail", "Education",
              "Hospitality", "Energy", "Logistics", "Media"]
CITIES = [("Austin", "USA"), ("Chennai", "India"), ("Berlin", "Germany"), ("Lyon", "France"),
          ("Osaka", "Japan"), ("Toronto", "Canada"), ("Melbourne", "Australia"), ("São Paulo", "Brazil"),
          ("Nairobi", "Kenya"), ("Stockholm", "Sweden"), ("Dublin", "Ireland"), ("Denver", "USA")]
LEAD_SOURCES = ["Web Site", "Trade Show", "Cold Call", "Employee Referral", "Partner", "Advertisement",
                "Chat", "Seminar Partner"]
LEAD_STATUS = ["Not Contacted", "Attempted to Contact", "Contact in Future", "Contacted",
               "Junk Lead", "Lost Lead", "Pre-Qualified"]
STAGES = ["Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
          "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
TITLES = ["CEO", "CTO", "Head of Sales", "Procurement Manager", "IT Director", "Operations Lead",
          "Marketing Manager", "Finance Director", "Office Manager", "Engineer"]

BASE_TIME = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone.utc)


def ts(days_back_max=600):
    t = BASE_TIME + timedelta(days=rng.randint(0, days_back_max), minutes=rng.randint(0, 600))
    return t


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def owner():
    u = rng.choice(OWNERS)
    return {"name": u["full_name"], "id": u["id"], "email": u["email"]}


def stamps(rec):
    c = ts()
    m = c + timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 300))
    rec["Owner"] = owner()
    rec["Created_Time"] = iso(c)
    rec["Modified_Time"] = iso(m)
    admin = USERS[0]
    rec["Created_By"] = {"name": admin["full_name"], "id": admin["id"], "email": admin["email"]}
    return rec


def email_of(first, last, domain):
    clean = lambda s: "".join(ch for ch in s.lower() if ch.isascii() and ch.isalnum())
    return "%s.%s@%s" % (clean(first), clean(last), domain)


def domain_of(company):
    return "".join(ch for ch in company.lower() if ch.isalnum()) + ".example"


def phone():
    return "+1 555 %03d %04d" % (rng.randint(100, 999), rng.randint(0, 9999))


def person(rec_id, first=None, last=None):
    first = first or rng.choice(FIRST)
    last = last or rng.choice(LAST)
    return {"id": rec_id, "First_Name": first, "Last_Name": last, "Full_Name": "%s %s" % (first, last)}


records = {m: [] for m in ["Leads", "Contacts", "Accounts", "Deals", "Campaigns", "Products",
                           "Price_Books", "Appointments", "Services", "Tasks", "Visits"]}
relations = []


def relate(m1, i1, m2, i2):
    relations.append([m1, i1, m2, i2])


def lead(rec_id, first=None, last=None, company=None):
    r = person(rec_id, first, last)
    company = company or rng.choice(COMPANIES)
    city, country = rng.choice(CITIES)
    r.update({"Email": email_of(r["First_Name"], r["Last_Name"], domain_of(company)), "Phone": phone(),
              "Company": company, "Lead_Source": rng.choice(LEAD_SOURCES),
              "Lead_Status": rng.choice(LEAD_STATUS), "Industry": rng.choice(INDUSTRIES),
              "City": city, "Country": country})
    return stamps(r)


# ---- Accounts
for n in range(80):
    name = COMPANIES[n % len(COMPANIES)] + ("" if n < len(COMPANIES) else " %s" % ["East", "West", "North", "South"][n // len(COMPANIES) % 4] if n < 2 * len(COMPANIES) else " Holdings %d" % n)
    city, country = rng.choice(CITIES)
    r = {"id": new_id(), "Account_Name": name, "Industry": rng.choice(INDUSTRIES),
         "Website": "https://www." + domain_of(name), "Phone": phone(), "Billing_City": city,
         "Billing_Country": country, "Annual_Revenue": rng.randint(2, 900) * 100000,
         "Employees": rng.randint(5, 5000), "External_Account_ID": "extaccount%d" % (n + 1)}
    records["Accounts"].append(stamps(r))
accounts = records["Accounts"]

# ---- Contacts (the two Spring Expo sample contacts and the extcontact3 sample among them)
SAMPLE_CONTACTS = {"3652397000000925128": ("Patricia", "Boyle"), "3652397000000649013": ("Kevin", "Lindgren")}
for n in range(250):
    if n == 5:
        cid = fixed("3652397000000925128")
    elif n == 9:
        cid = fixed("3652397000000649013")
    else:
        cid = new_id()
    first, last = SAMPLE_CONTACTS.get(cid, (None, None))
    r = person(cid, first, last)
    acc = rng.choice(accounts)
    city, _ = rng.choice(CITIES)
    r.update({"Email": email_of(r["First_Name"], r["Last_Name"], domain_of(acc["Account_Name"])),
              "Phone": phone(), "Mobile": phone(), "Title": rng.choice(TITLES),
              "Account_Name": {"name": acc["Account_Name"], "id": acc["id"]}, "Mailing_City": city,
              "External_Contact_ID": "extcontact%d" % (n + 1)})
    records["Contacts"].append(stamps(r))
    relate("Accounts", acc["id"], "Contacts", cid)
contacts = records["Contacts"]
ext3_contact = contacts[2]
assert ext3_contact["External_Contact_ID"] == "extcontact3"

# ---- Deals (extdeal3 = 111111000000094040, related to the extcontact3 contact)
for n in range(120):
    did = fixed("111111000000094040") if n == 2 else new_id()
    acc = rng.choice(accounts)
    con = ext3_contact if n == 2 else rng.choice(contacts)
    stage = rng.choice(STAGES)
    closing = BASE_TIME + timedelta(days=rng.randint(30, 700))
    r = {"id": did, "Deal_Name": "%s - %s" % (acc["Account_Name"], rng.choice(
        ["Renewal", "Expansion", "Pilot", "New Business", "Upgrade", "Support Plan"])),
         "Amount": rng.randint(5, 400) * 500, "Stage": stage,
         "Closing_Date": closing.strftime("%Y-%m-%d"),
         "Account_Name": {"name": acc["Account_Name"], "id": acc["id"]},
         "Contact_Name": {"name": con["Full_Name"], "id": con["id"]},
         "Pipeline": "Standard (Standard)", "Probability": rng.choice([10, 20, 40, 60, 75, 90, 100, 0]),
         "External_Deal_ID": "extdeal%d" % (n + 1)}
    records["Deals"].append(stamps(r))
    relate("Accounts", acc["id"], "Deals", did)
    relate("Contacts", con["id"], "Deals", did)
    if n % 3 == 0:
        other = rng.choice(contacts)
        if other["id"] != con["id"]:
            relate("Contacts", other["id"], "Deals", did)
deals = records["Deals"]
assert deals[2]["External_Deal_ID"] == "extdeal3"

# ---- Leads: the seed pages' sample ids first, then generated ones
SAMPLE_LEADS = [
    ("410405000002264040", "Christopher", "Brown", "Kestrel Aerospace"),
    ("410405000002264025", "Margaret", "Ellis", "Lumen Solar"),
    # SDK samples of the delete-records page
    ("34770617742004", "Arthur", "Penhaligon", None), ("34770617742003", "Beatrice", "Okoye", None),
    ("34770617738002", "Cyrus", "Vance", None), ("347706107596026", "Dana", "Whitfield", None),
    ("347706107246019", "Edgar", "Lind", None), ("34770617846014", "Farah", "Qureshi", None),
    ("34770617008005", "Gustav", "Holm", None), ("34770617846013", "Helena", "Marsh", None),
    ("3409643000002804002", "Ivan", "Petrov", None), ("3409643000002804003", "Julia", "Castro", None),
    ("3409643000002804004", "Kenji", "Watanabe", None), ("3477061000007596026", "Lara", "Duval", None),
    ("3477061000007246019", "Moses", "Adeyemi", None),
]
for (lid, f, l, c) in SAMPLE_LEADS:
    records["Leads"].append(lead(fixed(lid), f, l, c))
while len(records["Leads"]) < 400:
    r = lead(new_id())
    r["External_Lead_ID"] = "extlead%d" % len(records["Leads"])
    records["Leads"].append(r)
leads = records["Leads"]
# a few locked and awaiting-approval records, deterministic positions
for r in leads[20:23]:
    r["$locked_for_me"] = True
for r in leads[30:33]:
    r["$approval_state"] = "approval_process_pending"
contacts[40]["$locked_for_me"] = True
deals[50]["$locked_for_me"] = True
accounts[12]["$approval_state"] = "approval_process_pending"

# Names in other scripts, emoji, combining accents and right-to-left text, so that the demo and
# the tests exercise display widths (a CJK character or an emoji takes two columns).
for i, first, last in [(100, "😀 Emoji 🎉 Zoë", "李小龍 Ñandú"),
                       (101, "Zoe\u0301", "Le\u0301ger-Ha\u0308user"),
                       (102, "مريم", "الحسيني"),
                       (103, "山田", "太郎")]:
    leads[i].update({"First_Name": first, "Last_Name": last, "Full_Name": "%s %s" % (first, last)})
leads[103]["Company"] = "株式会社ヤマダ電機ホールディングス東日本支社"
WIDE_ACCOUNT = accounts[79]
WIDE_ACCOUNT["Account_Name"] = "株式会社ヤマダ電機ホールディングス東日本支社・関東営業本部"
for r in contacts + deals:
    ref = r.get("Account_Name")
    if isinstance(ref, dict) and ref.get("id") == WIDE_ACCOUNT["id"]:
        ref["name"] = WIDE_ACCOUNT["Account_Name"]

# ---- Campaigns
CAMPAIGNS = ["Spring Expo", "Summer Webinar Series", "Q3 Partner Summit", "Holiday Promo",
             "Product Launch: Vertex 5", "Customer Advisory Board", "Cold Outreach EMEA",
             "Trade Show Berlin", "Newsletter November", "Referral Drive", "Healthcare Roadshow",
             "Year-End Renewal Push"]
CTYPES = ["Trade Show", "Webinar", "Conference", "Email", "Advertisement", "Referral Program", "Public Relations"]
for n, name in enumerate(CAMPAIGNS):
    cid = fixed("3652397000000327001") if n == 0 else new_id()
    start = BASE_TIME + timedelta(days=rng.randint(0, 500))
    r = {"id": cid, "Campaign_Name": name, "Type": "Trade Show" if n == 0 else rng.choice(CTYPES),
         "Status": rng.choice(["Planning", "Active", "Complete", "Inactive"]),
         "Start_Date": start.strftime("%Y-%m-%d"),
         "End_Date": (start + timedelta(days=rng.randint(1, 60))).strftime("%Y-%m-%d"),
         "Budgeted_Cost": rng.randint(10, 200) * 100, "Expected_Revenue": rng.randint(50, 900) * 1000}
    records["Campaigns"].append(stamps(r))
    lead_pool = leads[15:] if n == 0 else leads
    for l in rng.sample(lead_pool, 25 if n == 0 else rng.randint(8, 30)):
        relate("Campaigns", cid, "Leads", l["id"])
    cons = rng.sample([c for c in contacts if c["id"] not in SAMPLE_CONTACTS], 13 if n == 0 else rng.randint(5, 20))
    if n == 0:
        cons = [contacts[5], contacts[9]] + cons
    for c in cons:
        relate("Campaigns", cid, "Contacts", c["id"])

# ---- Price books (SDK sample ids included)
SAMPLE_PB = ["34770617596026", "34770617246019", "34770610345002", "347706145002",
             "3409643000002414001", "3409643000002414010"]
PB_NAMES = ["Standard List", "Partner Discount", "Enterprise Tier", "Education Pricing",
            "Nonprofit Pricing", "Distributor 2026", "EMEA Euro List", "APAC List", "Volume 500+",
            "Legacy 2024", "Startup Program", "Government"]
for n, name in enumerate(PB_NAMES):
    pid = fixed(SAMPLE_PB[n]) if n < len(SAMPLE_PB) else new_id()
    r = {"id": pid, "Price_Book_Name": name, "Active": n != 9,
         "Pricing_Model": rng.choice(["Flat", "Differential"]), "Description": "%s price book" % name}
    records["Price_Books"].append(stamps(r))
pbs = records["Price_Books"]

# ---- Products (SDK sample ids included, with their sample price books)
SAMPLE_PRODUCTS = {
    "3477061000007606020": ["34770617596026", "34770617246019"],
    "34770617606020": ["34770617596026", "34770617246019", "34770610345002"],
    "3477061606020": ["34770617596026", "34770617246019", "347706145002"],
    "3409643000000798007": ["3409643000002414001", "3409643000002414010"],
}
PRODUCT_WORDS = ["Router", "Sensor Kit", "Analytics Suite", "Support Plan", "Gateway", "Camera",
                 "Controller", "License", "Dock", "Battery Pack", "Cloud Backup", "Headset", "Scanner",
                 "Thermostat"]
sample_pids = list(SAMPLE_PRODUCTS)
for n in range(40):
    pid = fixed(sample_pids[n]) if n < len(sample_pids) else new_id()
    r = {"id": pid, "Product_Name": "%s %s" % (rng.choice(["Vertex", "Nimbus", "Orion", "Atlas", "Helix"]),
                                              PRODUCT_WORDS[n % len(PRODUCT_WORDS)]) + ("" if n < 14 else " v%d" % (n // 14 + 1)),
         "Product_Code": "SKU-%04d" % (1000 + n), "Unit_Price": rng.randint(9, 2500) + 0.99,
         "Product_Category": rng.choice(["Hardware", "Software", "Services"]),
         "Manufacturer": rng.choice(["Vertex Software", "Kestrel Aerospace", "Lumen Solar", "Xenon Labs"]),
         "Product_Active": True, "External_Product_ID": "extproduct%d" % (n + 1)}
    records["Products"].append(stamps(r))
    for pb in SAMPLE_PRODUCTS.get(pid, [p["id"] for p in rng.sample(pbs[6:], 2)]):
        relate("Products", pid, "Price_Books", pb)
    for l in rng.sample(leads[15:], rng.randint(1, 6)):
        relate("Products", pid, "Leads", l["id"])
    for a in rng.sample(accounts, rng.randint(1, 4)):
        relate("Products", pid, "Accounts", a["id"])
    for c in rng.sample(contacts, rng.randint(1, 5)):
        relate("Products", pid, "Contacts", c["id"])
    for d in rng.sample(deals, rng.randint(1, 3)):
        relate("Products", pid, "Deals", d["id"])

# ---- Services and Appointments
SERVICES = ["Onboarding Session", "Site Survey", "Installation", "Annual Maintenance", "Training Workshop",
            "Health Check", "Data Migration", "Repair Visit", "Consultation", "Calibration",
            "Security Audit", "Decommissioning"]
for name in SERVICES:
    r = {"id": new_id(), "Service_Name": name, "Price": rng.randint(50, 2000), "Duration": rng.choice([30, 60, 90, 120, 240])}
    records["Services"].append(stamps(r))
for n in range(30):
    start = BASE_TIME + timedelta(days=rng.randint(0, 500), hours=rng.randint(8, 17))
    con = rng.choice(contacts)
    aid = new_id()
    r = {"id": aid, "Appointment_Name": "%s with %s" % (rng.choice(SERVICES), con["Full_Name"]),
         "Appointment_Start_Time": iso(start), "Duration": rng.choice([30, 60, 90]),
         "Status": rng.choice(["Upcoming", "Completed", "Cancelled"]),
         "Location": rng.choice(["Customer site", "Online", "Head office"]),
         "Appointment_For": {"name": con["Full_Name"], "id": con["id"]}}
    records["Appointments"].append(stamps(r))
    for s in rng.sample(records["Services"], rng.randint(1, 3)):
        relate("Appointments", aid, "Services", s["id"])

# ---- Tasks
for n in range(150):
    tid = new_id()
    kind = rng.choice(["Leads", "Contacts", "Deals", "Accounts"])
    target = rng.choice(records[kind])
    due = BASE_TIME + timedelta(days=rng.randint(0, 600))
    r = {"id": tid, "Subject": rng.choice(["Call back", "Send proposal", "Follow up", "Book demo",
                                          "Send contract", "Check renewal", "Email pricing"]) + " #%d" % (n + 1),
         "Due_Date": due.strftime("%Y-%m-%d"), "Status": rng.choice(["Not Started", "In Progress", "Completed", "Deferred"]),
         "Priority": rng.choice(["High", "Normal", "Low"])}
    name = target.get("Full_Name") or target.get("Deal_Name") or target.get("Account_Name")
    if kind in ("Leads", "Contacts"):
        r["Who_Id"] = {"name": name, "id": target["id"]}
    else:
        r["What_Id"] = {"name": name, "id": target["id"]}
        r["$se_module"] = kind
    records["Tasks"].append(stamps(r))
    relate(kind, target["id"], "Tasks", tid)

# ---- Visits (listable, not deletable through the API)
for n in range(20):
    r = {"id": new_id(), "Name": "Visit %d" % (n + 1), "Visited_Page": rng.choice(["/pricing", "/demo", "/docs", "/"]),
         "Time_Spent": "%d mins" % rng.randint(1, 40), "Visited_Time": iso(ts())}
    records["Visits"].append(stamps(r))

# ---- Contact roles
ROLES = [("4150868000001015046", "Decision Maker"), ("4150868000001015042", "Evaluator"),
         (None, "Purchasing"), (None, "Technical Buyer"), (None, "Executive Sponsor"),
         (None, "Influencer"), (None, "Economic Decision Maker"), (None, "Developer/Evaluator"),
         (None, "Technical Evaluator"), (None, "Other")]
contact_roles = [{"id": fixed(i) if i else new_id(), "name": n, "sequence_number": k + 1}
                 for k, (i, n) in enumerate(ROLES)]

# ---- A contact's role on a deal lives on the Contacts-Deals relation (a separate generator, so
# the records above stay as they were)
role_rng = random.Random(7)
for rel in relations:
    if rel[0] == "Contacts" and rel[2] == "Deals":
        role = role_rng.choice(contact_roles)
        rel.append({"Contact_Role": {"name": role["name"], "id": role["id"]}})

# ---- What a relation itself carries, lost with it when delinked: a campaign member's status
# and a product's list price in a price book (separate generator, so the records above stay)
MEMBER_STATUSES = ["Planned", "Invited", "Sent", "Received", "Opened", "Responded", "Bounced", "Opted Out"]
rel_rng = random.Random(11)
unit_price = {p["id"]: p["Unit_Price"] for p in records["Products"]}
for rel in relations:
    if rel[0] == "Campaigns" and rel[2] in ("Leads", "Contacts"):
        rel.append({"Member_Status": rel_rng.choice(MEMBER_STATUSES)})
    elif rel[0] == "Products" and rel[2] == "Price_Books":
        rel.append({"list_price": round(unit_price[rel[1]] * rel_rng.choice([0.8, 0.85, 0.9, 0.95, 1.0]), 2)})


# ---- The Java SDK sample of the v2 delink page delinks Leads/3477061000005177002/Products
# 3477061000005919001 and 3477061000005917011: the last generated lead and products take those
# ids (so no other id moves), related to each other.
def rename(old, new):
    fixed(new)

    def walk(v):
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return new if v == old else v
    for m in records:
        records[m] = walk(records[m])
    relations[:] = walk(relations)


JAVA_LEAD, JAVA_PRODUCTS = "3477061000005177002", ["3477061000005919001", "3477061000005917011"]
rename(records["Leads"][-1]["id"], JAVA_LEAD)
for old, new in zip([p["id"] for p in records["Products"][-2:]], JAVA_PRODUCTS):
    rename(old, new)
for pid in JAVA_PRODUCTS:
    if ["Products", pid, "Leads", JAVA_LEAD] not in relations:
        relations.append(["Products", pid, "Leads", JAVA_LEAD])

# ---- Module metadata and related lists
MODULE_IDS = {}


def mod_id(name):
    if name not in MODULE_IDS:
        MODULE_IDS[name] = "5725767000000%06d" % (2175 + 2 * len(MODULE_IDS))
        USED.add(MODULE_IDS[name])
    return MODULE_IDS[name]


MODULES = [
    # api_name, singular, plural, api_supported, deletable, scope name, external field
    ("Leads", "Lead", "Leads", True, True, "leads", "External_Lead_ID"),
    ("Contacts", "Contact", "Contacts", True, True, "contacts", "External_Contact_ID"),
    ("Accounts", "Account", "Accounts", True, True, "accounts", "External_Account_ID"),
    ("Deals", "Deal", "Deals", True, True, "deals", "External_Deal_ID"),
    ("Campaigns", "Campaign", "Campaigns", True, True, "campaigns", None),
    ("Tasks", "Task", "Tasks", True, True, "tasks", None),
    ("Products", "Product", "Products", True, True, "products", "External_Product_ID"),
    ("Price_Books", "Price Book", "Price Books", True, True, "pricebooks", None),
    ("Appointments", "Appointment", "Appointments", True, True, "appointments", None),
    ("Services", "Service", "Services", True, True, "services", None),
    ("Visits", "Visit", "Visits", True, False, "visits", None),
    ("Documents", "Document", "Documents", False, False, "documents", None),
    ("Projects", "Project", "Projects", False, False, "projects", None),
]
# module -> [(related list api_name, display label, target module, delink supported)]
RELATED = {
    # Each pair the delink pages list is delinkable from either side; Tasks (open activities)
    # and an account's contacts and deals (lookups on those records) are not.
    "Leads": [("Campaigns", "Campaigns", "Campaigns", True), ("Products", "Products", "Products", True),
              ("Tasks", "Open Activities", "Tasks", False)],
    "Contacts": [("Deals", "Deals", "Deals", True), ("Campaigns", "Campaigns", "Campaigns", True),
                 ("Products", "Products", "Products", True), ("Tasks", "Open Activities", "Tasks", False)],
    "Accounts": [("Contacts", "Contacts", "Contacts", False), ("Deals", "Deals", "Deals", False),
                 ("Products", "Products", "Products", True), ("Tasks", "Open Activities", "Tasks", False)],
    # Contact roles: "Remove Contact Role from a Specific Deal" is a DELETE on this list.
    "Deals": [("Contact_Roles", "Contact Roles", "Contacts", True), ("Products", "Products", "Products", True),
              ("Tasks", "Open Activities", "Tasks", False)],
    "Campaigns": [("Leads", "Leads", "Leads", True), ("Contacts", "Contacts", "Contacts", True)],
    "Products": [("Leads", "Leads", "Leads", True), ("Accounts", "Accounts", "Accounts", True),
                 ("Contacts", "Contacts", "Contacts", True), ("Deals", "Deals", "Deals", True),
                 ("Price_Books", "Price Books", "Price_Books", True)],
    "Price_Books": [("Products", "Products", "Products", True)],
    "Appointments": [("Services", "Services", "Services", True)],
    "Services": [("Appointments", "Appointments", "Appointments", True)],
}
modules = []
rl_seq = [0]
for (api, sing, plural, supported, deletable, scope, ext) in MODULES:
    m = {"api_name": api, "module_name": api, "singular_label": sing, "plural_label": plural,
         "id": mod_id(api), "api_supported": supported, "deletable": deletable,
         "creatable": supported, "editable": supported, "viewable": True,
         "recycle_bin_on_delete": deletable, "generated_type": "default", "status": "visible",
         "scope_name": scope, "external_field": ext, "related_lists": []}
    for (rl, label, target, delink) in RELATED.get(api, []):
        rl_seq[0] += 1
        m["related_lists"].append({"id": "5725767000000%06d" % (3001 + rl_seq[0] * 3), "api_name": rl,
                                   "display_label": label, "module": target, "delink": delink})
    modules.append(m)
for m in modules:
    for rl in m["related_lists"]:
        rl["module_id"] = MODULE_IDS[rl["module"]]
        USED.add(rl["id"])

org = {"company_name": "Northwind Sandbox Ltd.", "id": "5725767000000000101", "domain_name": "org60012345",
       "primary_email": USERS[0]["email"], "country": "United States", "time_zone": "Etc/UTC",
       "currency": "US Dollar - USD", "license_details": {"paid": True, "paid_type": "enterprise",
       "users_license_purchased": 10, "trial_type": None, "paid_expiry": "2027-11-22T00:00:00+00:00"}}


def dump(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


dump("org.json", {"org": org, "users": USERS, "modules": modules, "contact_roles": contact_roles})
dump("records.json", records)
dump("relations.json", relations)
total = sum(len(v) for v in records.values())
print("records:", total, {k: len(v) for k, v in records.items()}, "relations:", len(relations))

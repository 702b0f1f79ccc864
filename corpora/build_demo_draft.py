"""Build the demo draft bill used to exercise the comparison pipeline.

    python corpora/build_demo_draft.py [OUT]        (default: corpora/demo_draft.docx)

The Republic of Veradia and its Strategic Goods (Control) Bill are fictional. The bill is
written in the style of a common-law drafting office and implements most of the bundled model
law (model_laws/eu_aligned_model_law.yaml) in its own words and partly in its own order, with
some national-only provisions and a few deliberate gaps and divergences. The reference answer
for a comparison is corpora/demo_draft.gold.yaml.

Only python-docx is needed. The output is byte-stable: the core properties carry fixed dates
and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

FIXED_DATE = _dt.datetime(2026, 3, 2, 9, 0, 0)
ZIP_DATE = (2026, 3, 2, 9, 0, 0)

TITLE_BLOCK = [
    ("THE REPUBLIC OF VERADIA", 16, True),
    ("STRATEGIC GOODS (CONTROL) BILL, 2026", 15, True),
    ("Bill No. 14 of 2026", 12, False),
    ("Presented by the Minister of Commerce and Industry", 11, False),
]

LONG_TITLE = (
    "AN ACT to control the export, re-export, transit and transhipment of strategic goods, the "
    "brokering of strategic goods and technical assistance related to them; to establish the office "
    "of Controller of Strategic Trade and the Strategic Trade Advisory Board; and to provide for "
    "connected matters."
)

ENACTING_FORMULA = "ENACTED by the Parliament of the Republic of Veradia as follows:—"

# The bill body in a small line format:
#   # PART ...                 Part heading (Word "Heading 1")
#   ## N|Heading               section heading, printed in bold as "N. Heading"
#   (1) text                   subsection
#     (a) text                 point (two leading spaces)
#       (i) text               subpoint (four leading spaces)
#     “term” means ...         definition (two leading spaces)
#   plain text                 the text of a section that has no subsections
#   ### SCHEDULE|ref|title     the Schedule heading
#   N. text                    a paragraph of the Schedule
BODY = r"""
# PART I — PRELIMINARY
## 1|Short title and commencement
(1) This Act may be cited as the Strategic Goods (Control) Act, 2026.
(2) This Act comes into operation on the ninetieth day after its publication in the Gazette, unless the Minister, by notice in the Gazette, appoints an earlier date.
## 2|Interpretation
In this Act, unless the context otherwise requires—
  “arms embargo” means a ban or restriction on supplying arms and related materiel to any country, territory or entity, imposed by a binding resolution of the United Nations Security Council or by another instrument that the Minister declares, by order, to bind Veradia or to have been adopted by it;
  “authorised officer” includes every customs officer and every police officer, as well as an officer appointed under section 28(1);
  “broker” means a natural or legal person, or a partnership, that provides brokering services from Veradia to a place abroad, and includes a citizen or permanent resident of Veradia, or a body incorporated or constituted under the law of Veradia, that provides brokering services from outside Veradia;
  “brokering services” means arranging or negotiating a transaction for the purchase, sale or supply of strategic goods from one foreign country to another, or buying or selling strategic goods located in a foreign country so that they are transferred to another foreign country, other than the mere supply of ancillary services such as transport, finance, insurance or reinsurance, or general advertising or promotion;
  “Controller” means the Controller of Strategic Trade, appointed under section 4(1) as the competent authority for this Act;
  “Customs” means the Veradia Customs Service, including its officers and customs offices;
  “denial” means the refusal, annulment or revocation of a licence by the Controller, or a prohibition by the Controller of a transit or transhipment;
  “end-user certificate” means a written undertaking signed by the end user of strategic goods and complying with section 18(2);
  “export” means sending or carrying strategic goods out of Veradia by any means, including in personal baggage or for processing or repair abroad, and includes re-export (including sending goods in transit to a destination other than that declared) and the intangible transfer of software or technology, namely its transmission from Veradia by e-mail, fax, telephone or other electronic means, its being made available in electronic form to persons abroad, or its oral description to a person abroad by telephone or other voice transmission;
  “exporter” means the party to the contract with the foreign consignee who, when the export declaration is accepted, decides whether the goods leave Veradia (or, where there is no such contract or that party acts for another, whoever so decides); for software or technology, the person who decides to transmit it by electronic means or to make it available in electronic form to persons abroad; and otherwise the individual carrying the goods out of Veradia in personal baggage;
  “general licence” means a licence issued under section 16 that may be used by any exporter meeting its conditions for the goods and destinations it specifies;
  “global licence” means a licence that authorises a single named exporter to export goods of a particular type or category to one or more named end users, to one or more named countries, or to both;
  “individual licence” means a licence that authorises a single named exporter to send one or more strategic goods to one end user or consignee abroad;
  “large project licence” means an individual or global licence granted to one named exporter for a type or category of strategic goods required for a specified large-scale project and destined for one or more specified end users in one or more specified countries;
  “licence” means an authorisation granted or issued by the Controller under Part IV for any activity controlled by Part III, and includes a general licence;
  “military end use” means incorporation into military items on the Veradia Military List kept under the Arms and Ammunition (Export) Act; use as, or as components of, production, test or analytical equipment for the development, production or maintenance of such military items; or use of unfinished products in a plant producing such military items;
  “Minister” means the Minister responsible for commerce and industry;
  “strategic goods” means goods, software and technology capable of both civil and military use, including any item usable to design, develop, produce or use nuclear, chemical or biological weapons or their means of delivery, and any item that, despite having non-explosive uses, can assist in any way in making nuclear weapons or other nuclear explosive devices;
  “Strategic Goods List” means the list prescribed under section 6;
  “technical assistance” means technical support of any kind connected with the development, manufacture, assembly, testing, maintenance or repair of goods, or any other technical service, and includes instruction, advice, training, consultancy and the passing on of working knowledge or skills, whether on site, by electronic means, by telephone or otherwise orally;
  “technical assistance provider” means a person who provides technical assistance from Veradia to a place abroad, or in Veradia to a foreign resident temporarily present there, and includes a citizen or permanent resident of Veradia, or a body incorporated or constituted under its law, that provides technical assistance in another country;
  “technology” means specific information required to develop, produce or use an item, whether as technical data (such as blueprints, plans, formulae, designs or manuals) or as technical assistance;
  “transhipment” means unloading strategic goods in Veradia, including in a free zone, from the vessel, aircraft or other conveyance in which they arrived and reloading them onto another conveyance to carry them out of Veradia;
  “transit” means the passage through Veradia of strategic goods that are not in free circulation and are bound for a place outside Veradia, where the goods only cross Veradia under a customs transit procedure, undergo transhipment within a free zone or are re-exported directly from it, are re-exported directly from temporary storage, or arrive and leave on the same vessel or aircraft without being unloaded;
  “WMD purpose” means a use described in section 8(1)(a) or (b).
## 3|Objects and application of Act
(1) This Act is intended—
  (a) to ensure that strategic goods originating in or passing through Veradia do not contribute to the development, production or delivery of weapons of mass destruction;
  (b) to implement the international obligations of Veradia, including under United Nations Security Council resolution 1540 (2004), and its commitments as a participant in the non-proliferation regimes and export control arrangements;
  (c) to protect the national security of Veradia and international peace and security, and to prevent strategic goods from being used for acts of terrorism or serious violations of human rights; and
  (d) to facilitate legitimate trade through predictable, transparent and proportionate licensing.
(2) For those purposes, this Act controls the export, re-export, transit and transhipment of strategic goods, including the intangible transfer of software and technology, and the provision of technical assistance related to strategic goods.
(3) This Act applies to any controlled activity carried on in whole or in part in Veradia, its territorial sea or its airspace, including in any free zone, customs warehouse or other area, even if that area is treated as outside the customs territory for other purposes.
(4) A citizen or permanent resident of Veradia, or a body incorporated or constituted under the law of Veradia, that provides brokering services or technical assistance outside Veradia is subject to sections 10 and 12, and to Part VII so far as it relates to those sections, as if the services were provided in Veradia.
(5) Nothing in this Act derogates from any other written law on military goods, nuclear material, chemical weapons precursors, biological agents or sanctions.
# PART II — ADMINISTRATION
## 4|Controller of Strategic Trade
(1) The Minister shall appoint, by notice in the Gazette, a public officer of the Ministry responsible for commerce and industry to be Controller of Strategic Trade, and the Controller shall be the competent authority for the purposes of this Act.
(2) The Controller shall—
  (a) determine every application for a licence to export strategic goods, to provide brokering services or to provide technical assistance;
  (b) publish general licences in accordance with section 16;
  (c) rule on whether a transit or transhipment of strategic goods should be prohibited or made subject to a licence;
  (d) monitor the Strategic Goods List and recommend amendments to the Minister;
  (e) keep a register of licences granted and of denials; and
  (f) carry out any further function that this Act assigns to the Controller.
(3) The Controller shall consult, where the Controller thinks fit, the Ministries responsible for foreign affairs, defence and internal security, Customs, the Atomic Energy Commission and other bodies with nuclear, chemical or biological expertise.
(4) The Controller may, in writing, delegate any function under this Act, other than this power of delegation, to an officer of the Controller's office.
## 5|Strategic Trade Advisory Board
(1) A Strategic Trade Advisory Board is established, consisting of a chairperson and two members from industry and academia appointed by the Minister, a representative of each Ministry responsible for foreign affairs, defence and internal security, the Commissioner of Customs and a representative of the Atomic Energy Commission.
(2) The Board shall advise the Minister and the Controller on the Strategic Goods List, licensing policy and outreach.
(3) The Board shall meet at least four times a year, and the Schedule has effect with respect to its constitution and proceedings.
## 6|Strategic Goods List
(1) The Minister shall make regulations prescribing a Strategic Goods List, which shall include at least the items controlled under—
  (a) the Wassenaar Arrangement's List of Dual-Use Goods and Technologies;
  (b) the Nuclear Suppliers Group Guidelines, Parts 1 and 2;
  (c) the Australia Group's common control lists;
  (d) the Missile Technology Control Regime's Equipment, Software and Technology Annex; and
  (e) the Chemical Weapons Convention, Annex on Chemicals, Schedules 1 and 2.
(2) The Strategic Goods List may be prescribed by reference to Annex I to Regulation (EU) 2021/821, as amended from time to time, with any additions that the Minister considers necessary.
(3) The Minister shall amend the Strategic Goods List to reflect any change to a list mentioned in subsection (1) within ninety days after the change is adopted, and an amendment made for that purpose is not subject to the consultation required by subsection (5).
(4) Every version of the Strategic Goods List, and every amendment to it, shall appear in the Gazette and on the Controller's website and shall come into effect on the date it states, which cannot precede its publication.
(5) The Minister shall consult the Advisory Board before making regulations under this section.
# PART III — CONTROL OF STRATEGIC ACTIVITIES
## 7|Licence required for export of listed goods
(1) No person shall export strategic goods specified in the Strategic Goods List unless a licence authorises the export and its conditions are complied with.
(2) Subsection (1) covers re-exports and intangible transfers of software or technology as well as physical exports, and applies irrespective of the value or quantity of the goods.
(3) Sections 8, 9 and 13 set out further cases in which a licence may be required for the export of strategic goods not specified in the Strategic Goods List.
## 8|Unlisted goods for weapons of mass destruction
(1) An exporter shall obtain a licence to export strategic goods that are not in the Strategic Goods List if the exporter has been informed by the Controller that the goods are intended, or may be intended, in whole or in part—
  (a) for use in connection with chemical, biological or nuclear weapons or other nuclear explosive devices, including their development, production, handling, operation, maintenance, storage, detection, identification or dissemination; or
  (b) for the development, production, maintenance or storage of missiles capable of delivering such weapons.
(2) An exporter who knows that unlisted strategic goods it proposes to export are destined, in whole or in part, for a WMD purpose shall notify the Controller without delay.
## 9|Unlisted goods for military end use
(1) An exporter shall also obtain a licence to export strategic goods that are not in the Strategic Goods List if the exporter has been informed by the Controller that the goods are intended, or may be intended, in whole or in part—
  (a) for a military end use in a country of purchase or destination that is under an arms embargo; or
  (b) for incorporation, as parts or components, into military items on the Veradia Military List that were taken out of Veradia without, or contrary to, an authorisation required by the Arms and Ammunition (Export) Act.
(2) An exporter who is aware, or has grounds for suspecting, that unlisted strategic goods it plans to export are meant, in whole or in part, for a military end use in a country under an arms embargo, or for incorporation into illegally exported military items as described in subsection (1)(b), shall notify the Controller without delay.
## 10|Brokering services
(1) A broker who has been informed by the Controller that strategic goods in the Strategic Goods List are intended, or may be intended, in whole or in part, for a WMD purpose shall obtain a licence before providing brokering services in respect of them.
(2) A broker who intends to broker a transaction in strategic goods in the Strategic Goods List, and who is aware, or has grounds for suspecting, that the goods are destined in whole or in part for a WMD purpose, shall notify the Controller without delay.
(3) The obligations in subsections (1) and (2) extend to brokering services for strategic goods that are not in the Strategic Goods List.
## 11|Transit and transhipment
(1) Where strategic goods in the Strategic Goods List are intended, or may be intended, in whole or in part for a WMD purpose, the Controller may prohibit their transit or transhipment at any time.
(2) Before deciding whether to impose such a prohibition, the Controller may, in a particular case, make the transit or transhipment subject to a licence, if the goods are intended, or may be intended, in whole or in part for a WMD purpose.
(3) That requirement may be imposed on the person who has the contract with the consignee abroad and decides on the routing of the goods through Veradia or, if that person is neither resident nor established in Veradia, on—
  (a) the declarant of the goods under the Customs Act;
  (b) the carrier; or
  (c) a traveller carrying the goods in personal baggage.
(4) This section also applies to strategic goods that are not in the Strategic Goods List.
(5) Before strategic goods in transit or transhipment reach Veradia, their carrier shall supply Customs with the advance information on the goods and their destination that the Customs Act requires.
## 12|Technical assistance
(1) A technical assistance provider who has been informed by the Controller that strategic goods in the Strategic Goods List are intended, or may be intended, in whole or in part, for a WMD purpose shall obtain a licence before providing technical assistance related to those goods.
(2) A technical assistance provider who plans to give technical assistance in relation to strategic goods in the Strategic Goods List and is aware, or has grounds for suspecting, that they are destined in whole or in part for a WMD purpose shall notify the Controller without delay.
(3) Subsections (1) and (2) do not apply to technical assistance that—
  (a) consists only of passing on information in the public domain or basic scientific research, that is, experimental or theoretical work aimed mainly at new knowledge of fundamental principles rather than at a practical objective;
  (b) is provided by a public authority of Veradia as part of its official tasks;
  (c) is given to the armed forces of Veradia for tasks assigned to them;
  (d) does not exceed the minimum necessary for the installation, operation, maintenance or repair of goods for which an export licence has been granted; or
  (e) does not exceed the minimum necessary for a patent application.
(4) The obligations in subsections (1) and (2) apply equally to technical assistance relating to strategic goods outside the Strategic Goods List.
## 13|Additional controls on unlisted goods
(1) Where the Minister considers it necessary on grounds of public security, including the prevention of terrorism, or on human rights grounds, the Minister may by order in the Gazette ban, or require a licence for, the export of strategic goods that are not in the Strategic Goods List.
(2) Every such order shall describe the goods it covers, explain why it is made and specify any destinations or end users to which it is limited.
(3) An order under subsection (1) shall expire twelve months after its publication unless a further order renews it or the goods are added to the Strategic Goods List within that time.
## 14|Procedure following notification
(1) Where the Controller receives a notification under section 8(2), 9(2), 10(2) or 12(2), the Controller shall decide within ten working days whether the notified activity requires a licence, and shall inform the person who gave the notification of the decision in writing.
(2) Until the Controller has informed that person of the decision, the person shall not carry out the notified activity.
(3) Whenever the Controller decides under any of sections 8 to 13 that a licence is required, the Controller shall forthwith inform the authorities concerned, including Customs, of the decision, with particulars of the goods and end users involved.
# PART IV — LICENCES
## 15|Kinds of licence
(1) The following kinds of export licence may be granted by the Controller:
  (a) an individual licence;
  (b) a global licence;
  (c) a large project licence; or
  (d) a general licence under section 16.
(2) Licences may also be granted by the Controller for brokering services, for technical assistance and for any transit or transhipment made subject to a licence under section 11(2).
(3) Every brokering licence shall cover a fixed quantity of identified goods and shall specify where in the supplying country the goods are, who the end user is and where exactly the end user is located; and every licence for technical assistance shall specify the end user and the end user's exact location.
## 16|General licences
(1) The Controller may issue general licences for the export of strategic goods by notice in the Gazette, specifying the goods, other than goods that the Strategic Goods List reserves from general licences, the destinations and the conditions of use.
(2) An exporter shall not rely on a general licence if the exporter has been informed by the Controller, or is aware, that the goods are intended, or may be intended, in whole or in part, for a WMD purpose.
(3) Before making a first export under a general licence, an exporter shall register with the Controller, and the exporter shall report on its use of the licence as the notice requires.
(4) If there are reasonable grounds to doubt that an exporter is able or willing to comply with the conditions of general licences or with this Act, the Controller may by written notice bar the exporter from using them.
## 17|Applications
(1) An application for a licence shall be made to the Controller in the prescribed form, together with the prescribed fee.
(2) Every applicant for an individual or global licence shall supply the Controller with all relevant information and, in particular, full details of the end use, the end user and the country of destination.
(3) A broker or technical assistance provider who applies for a licence shall supply the Controller with all relevant information, in particular—
  (a) the whereabouts of the strategic goods;
  (b) a clear description of the goods and their quantity;
  (c) the identity of any third parties involved in the transaction;
  (d) the country of destination; and
  (e) the identity of the end user in that country and the end user's precise location.
(4) If any information supplied with an application changes before the application is decided, the applicant shall inform the Controller of the change without delay.
(5) The Controller may call for further information or documents reasonably needed to assess an application, and the period in section 20(3) then runs from their receipt.
## 18|End-user certificates
(1) The Controller may require an applicant for an individual licence to submit an end-user certificate with the application.
(2) Every end-user certificate shall bear the end user's signature and shall—
  (a) name the end user and the consignee and give their addresses;
  (b) include a description of the goods and their quantity;
  (c) state the end use and the place where the goods will be used;
  (d) undertake that the goods will not be used for a WMD purpose; and
  (e) undertake that the goods will not be re-exported, or passed to another end user, without the Controller's prior consent.
(3) The Controller may dispense with an end-user certificate for any application, or class of applications, where the goods, the destination or the end user present a low risk, and may call for an end-user certificate in support of an application for a global licence where the Controller considers it appropriate.
## 19|Matters to be considered
(1) Before granting a licence or prohibiting a transit or transhipment, the Controller shall weigh every relevant consideration, including—
  (a) the international obligations and commitments of Veradia, in particular those it has accepted as a member of the multilateral export control regimes and under the international treaties it has ratified;
  (b) sanctions imposed by binding resolutions of the United Nations Security Council that Veradia must observe, including arms embargoes;
  (c) Veradia's foreign and security policy, including the respect shown for human rights and international humanitarian law in the country of final destination and the preservation of regional peace, security and stability; and
  (d) the intended end use and the risk of diversion, including re-export to an end user of concern.
(2) For a global licence, the Controller shall also consider whether the applicant has an internal compliance programme in operation.
(3) Before deciding an application, the Controller shall look through the denials that other States have notified to the Controller under section 42(2) or through a multilateral regime and, where a licence has been refused for an essentially identical transaction (a transaction with the same end user or consignee and goods of essentially the same parameters or technical characteristics), shall consult the authority responsible for that denial.
(4) The Controller may seek the advice of the Advisory Board on any application raising a question of general policy.
## 20|Grant of licences
(1) Individual and global licences shall be granted by the Controller to exporters who are resident or established in Veradia; and, for an exporter based outside Veradia, an individual licence shall be granted for strategic goods located in Veradia.
(2) Licences for brokering services and technical assistance shall be granted to brokers and technical assistance providers who are resident or established in Veradia, and to any other broker or technical assistance provider operating from Veradia.
(3) Every application for a licence shall be decided by the Controller within sixty days after it is complete; but where the Controller needs to consult other authorities or foreign governments, the Controller shall inform the applicant of that need before the sixty days expire and shall then decide within a further thirty days.
(4) A refusal of an application shall be accompanied by written reasons, save in so far as their disclosure would prejudice national security or the international relations of Veradia, and the Controller shall inform the applicant of the right of appeal under section 24.
(5) Wherever practicable, the Controller shall issue licences by electronic means through a secure licensing system, in the form prescribed by regulations under section 47.
## 21|Particulars, conditions and validity of licences
(1) A licence may be granted subject to any conditions the Controller considers necessary, such as conditions requiring—
  (a) reports on how the licence is used;
  (b) evidence, such as a delivery verification certificate, that the goods have reached their declared destination; and
  (c) the end user's agreement to post-shipment checks.
(2) A licence shall identify the holder, give a description of the goods and their Strategic Goods List entries, and state their quantity and value, the consignee, the end user, the country of destination and the period of validity.
(3) An individual or global licence shall be valid for the period specified in it, not exceeding five years.
(4) A large project licence shall be valid for the period the Controller fixes, not exceeding four years unless the length of the project justifies a longer period.
(5) A licence for brokering services, technical assistance, or a transit or transhipment shall be valid for the period specified in it, not exceeding two years.
(6) A licence shall not be transferred from its holder to any other person.
## 22|Refusal, annulment, suspension, modification and revocation
(1) The Controller may refuse an application for a licence and may annul, suspend, modify or revoke a licence already granted.
(2) The Controller may exercise the powers to annul, suspend, modify or revoke a licence where—
  (a) the licence was obtained through false, misleading or incomplete information;
  (b) the holder has not complied with a condition of the licence or with this Act;
  (c) changed circumstances or new information mean that the licence would not now be granted having regard to section 19; or
  (d) the foreign or security policy of Veradia, or compliance with its international obligations, requires it.
(3) Except where the matter is urgent and the Controller suspends a licence with immediate effect, the holder shall be given written notice of any proposed annulment, modification or revocation and at least fourteen days in which to make representations.
(4) The preceding subsections apply to licences for brokering services, technical assistance, transit and transhipment in the same way as to export licences.
## 23|Register of denials
(1) Every denial shall be entered by the Controller in the register kept under section 4(2)(e), and information on it shall be shared with Customs and, where an arrangement under section 42(2) or the practice of a multilateral export control regime so provides, with the competent authorities of other States.
(2) The information shared about a denial shall include the classification and technical parameters of the goods, the country of destination and the end user.
## 24|Appeals
(1) Any person aggrieved by a decision of the Controller under this Part may, within thirty days after the decision is communicated to that person, ask the Minister in writing to review it.
(2) Within sixty days after receiving such a request, the Minister shall confirm, vary or set aside the decision and shall give written reasons.
(3) A person dissatisfied with the Minister's decision may, within thirty days after it is communicated to that person, appeal to the High Court on a point of law.
## 25|Fees
(1) The Minister may make regulations prescribing fees for licence applications and for registration under section 16(3).
(2) The Controller may waive or reduce the fee for an application by a university or public research institution; and fees collected under this Act shall be paid into the Consolidated Fund.
# PART V — RECORDS AND ENFORCEMENT POWERS
## 26|Records
(1) Every exporter shall keep detailed records of the exports of strategic goods that it makes.
(2) Those records shall include commercial documents (invoices, manifests and transport or dispatch documents, for example) that contain enough information to identify—
  (a) a description of the strategic goods;
  (b) their quantity;
  (c) the names and addresses of the exporter and the consignee; and
  (d) the end use and the end user of the goods, where the exporter has that information.
(3) The records shall be retained for three years, counted from the end of the calendar year in which the export took place.
(4) On request, a person who is required to keep records under this section shall produce them to the Controller or to an authorised officer.
## 27|Power to require information
(1) By written notice, the Controller may require any person to give information, or to produce documents, about any order for or transaction in strategic goods.
(2) A person to whom a notice under subsection (1) is addressed shall comply with it within the time the notice allows.
## 28|Authorised officers
(1) Suitably qualified persons may be appointed by the Controller to serve as authorised officers.
(2) An authorised officer exercising a power under this Act shall, if asked, show evidence of the appointment.
## 29|Powers of entry and inspection
(1) To verify compliance with this Act, an authorised officer may at any reasonable time enter the premises of an exporter, of any other person with an interest in an export transaction, of a broker or of a technical assistance provider, except premises used only as a dwelling.
(2) Having entered premises under subsection (1) or under a warrant issued under subsection (3), an authorised officer may—
  (a) examine any strategic goods, documents or records found there, including electronic records;
  (b) copy documents and records or take extracts from them;
  (c) take samples of goods;
  (d) require any person present to give information or explanations about the goods, documents or records; and
  (e) seize and detain goods, documents or records that the officer has reasonable grounds to believe are evidence of an offence under this Act.
(3) If a magistrate is satisfied by information on oath that there are reasonable grounds to suspect that an offence under this Act has been or is being committed and that evidence of it is on any premises, including a dwelling, the magistrate may issue a warrant authorising an authorised officer to enter and search them.
(4) The Controller may carry out risk-based compliance audits of licence holders and of persons registered to use general licences.
# PART VI — CUSTOMS CONTROLS
## 30|Production of licence to Customs
(1) When declaring strategic goods for export, the exporter shall show the customs office handling the export declaration that the exporter holds every licence that this Act requires for that export.
(2) Customs may ask the exporter for an English translation of any document produced under subsection (1).
(3) The export declaration for any strategic goods shall give the number of each licence relied on and the entry of the goods in the Strategic Goods List.
## 31|Suspension and detention by Customs
(1) Whether or not the goods are covered by a licence, Customs may suspend the export of strategic goods, or otherwise prevent them from leaving Veradia, if Customs or the Controller has—
  (a) grounds for suspecting that—
    (i) relevant information was not considered when the licence was granted; or
    (ii) circumstances have materially changed since the grant of the licence;
  (b) relevant information indicating that the goods may be intended for a use described in section 8(1) or 9(1); or
  (c) grounds for suspecting that the goods are being exported without a licence required by this Act.
(2) Customs shall inform the Controller without delay of the suspension of an export under subsection (1), and the Controller shall then decide, within ten working days after receiving that information, whether to maintain the licence, to act under section 22, or to require a licence under section 8 or 9.
(3) In exceptional circumstances the Controller may, by notice to Customs and the exporter, extend that period, but not beyond thirty working days in total.
(4) Unless they are liable to seizure under another law, the goods shall be released by Customs immediately if the Controller decides to maintain the licence or not to require a licence, or does not decide within the period applicable under subsection (2) or (3).
## 32|Cooperation between the Controller and Customs
(1) The Controller shall provide Customs, by secure electronic means, with information on licences granted, denials and licence requirements imposed under sections 8 to 13, for use in customs risk management.
(2) Customs shall inform the Controller of every contravention, or apparent contravention, of this Act that comes to light during customs controls.
(3) The Controller and Customs shall set out in written arrangements how they will cooperate, in particular on joint training, risk profiling and the referral of cases.
# PART VII — OFFENCES AND PENALTIES
## 33|Offences relating to controlled activities
(1) A person who, without a licence required by this Act or in breach of the conditions of a licence—
  (a) exports strategic goods;
  (b) provides brokering services;
  (c) provides technical assistance; or
  (d) carries out a transit or transhipment made subject to a licence under section 11(2),
commits an offence.
(2) It is an offence for a person to carry out a transit or transhipment that the Controller has prohibited under section 11(1), or an export that an order under section 13(1) prohibits.
(3) A person who fails to give a notification required by section 8(2), 9(2), 10(2) or 12(2), or who carries out an activity in contravention of section 14(2), commits an offence.
## 34|False information, records and obstruction
(1) A person who knowingly or recklessly gives information that is false or misleading in a material particular in, or in connection with, an application, declaration, end-user certificate or notification under this Act commits an offence.
(2) A person commits an offence by failing, without reasonable excuse, to keep or produce records as section 26 requires or to comply with a notice under section 27.
(3) A person who intentionally obstructs an authorised officer exercising a power under this Act commits an offence.
## 35|Penalties
(1) On conviction of an offence under section 33 committed intentionally or knowingly, a person is liable to imprisonment for a term not exceeding ten years, or to a fine not exceeding five million dollars or three times the value of the goods concerned, whichever is the greater, or to both.
(2) On conviction of any other offence under this Act, including an offence under section 33 committed without intent or knowledge, a person is liable to imprisonment for a term not exceeding two years, or to a fine not exceeding one million dollars, or to both.
(3) Where a body corporate is convicted of an offence under section 33, the maximum fine is twenty million dollars or five times the value of the goods concerned, whichever is the greater.
## 36|Offences by bodies corporate
Where an offence under this Act committed by a body corporate is shown to have been committed with the consent or connivance of, or to be attributable to any neglect on the part of, a director, manager, secretary or similar officer of the body corporate, that officer, as well as the body corporate, is guilty of the offence and liable to be punished accordingly.
## 37|Forfeiture and confiscation
(1) Where a person is convicted of an offence under section 33, the court shall order that the strategic goods involved be forfeited, unless their owner proves having taken no part in the offence and all reasonable steps to prevent it.
(2) The court may in addition order the confiscation, under the Proceeds of Crime Act, of the proceeds of the offence or of property of equivalent value.
## 38|Administrative penalties and denial of export privileges
(1) Instead of referring a matter for prosecution, the Controller may, after giving the person concerned an opportunity to be heard, impose an administrative penalty of up to five hundred thousand dollars for each contravention of this Act, or of a condition of a licence, that the Controller is satisfied the person has committed.
(2) Whether or not proceedings have been brought, the Controller may impose a denial of export privileges on any person who has contravened this Act, barring that person for up to five years from applying for or using any licence.
(3) Section 24 governs the review of, and appeals against, decisions under this section as it governs decisions under Part IV.
(4) The name of any person on whom an administrative penalty or a denial of export privileges has been imposed may be published by the Controller.
## 39|Offences committed outside Veradia
Where an offence under this Act is committed outside Veradia by a citizen or permanent resident of Veradia, or by a body incorporated or constituted under the law of Veradia, the offence may be tried in Veradia as if it had been committed there.
## 40|Time limit for proceedings
Proceedings for an offence under this Act may be brought at any time within six years after the offence was committed.
# PART VIII — INFORMATION, CONFIDENTIALITY AND REPORTING
## 41|Exchange of information within Government
(1) Information, including personal data, may be exchanged between the Controller, Customs, the Police Service, the intelligence services and any other public authority with non-proliferation or national security functions where this is necessary for administering or enforcing this Act.
(2) The Minister shall set up an Interagency Committee on Strategic Trade, chaired by the Controller, to coordinate licensing and enforcement under this Act among those authorities.
## 42|Cooperation with foreign authorities
(1) Subject to section 43, the Controller may pass information obtained under this Act to a foreign competent authority, an international organisation or a body of a multilateral export control regime, provided the Controller is satisfied that the recipient will protect it and use it solely for export control, non-proliferation or law enforcement.
(2) The Controller may conclude arrangements with the competent authorities of other States for exchanging information on licences, denials, enforcement and end users of concern.
## 43|Confidentiality
(1) No person shall disclose information obtained under this Act that relates to an identifiable person's affairs, or that is commercially sensitive or protected for reasons of defence, foreign policy or national security, except—
  (a) with the consent of the person concerned;
  (b) for the administration or enforcement of this Act;
  (c) under section 41 or 42;
  (d) for the purposes of criminal proceedings; or
  (e) in compliance with a court order.
(2) Any processing of personal data under this Act shall comply with the Data Protection Act.
(3) Any person who discloses information contrary to subsection (1) commits an offence.
## 44|Guidance and outreach
(1) To help exporters, brokers, technical assistance providers, universities and research institutions comply with this Act, the Controller shall publish guidance, paying particular attention to the needs of small and medium-sized enterprises.
(2) The Controller's website shall carry the Strategic Goods List, every general licence in force, and the forms and procedures for applications and notifications.
(3) On request, the Controller may give any person a written opinion as to whether particular goods are in the Strategic Goods List.
## 45|Annual report to Parliament
(1) Within six months after the end of each calendar year, the Controller shall publish a report on how this Act operated during that year, and the Minister shall lay the report before Parliament.
(2) The report shall cover—
  (a) the number and value of licences granted, broken down by kind of licence, category of goods and destination;
  (b) the number of applications refused and of transits and transhipments prohibited;
  (c) the administration of this Act, including staffing, outreach and compliance work; and
  (d) information on enforcement, including the number of contraventions detected and the penalties imposed.
(3) The report shall not disclose the identity of any person or any information protected under section 43.
# PART IX — MISCELLANEOUS
## 46|Protection from liability
No action shall lie against the Controller, an authorised officer or a member of the Advisory Board for anything done or omitted in good faith in the exercise of a function under this Act.
## 47|Regulations
(1) The Minister may make regulations to give effect to this Act and, in particular, regulations prescribing—
  (a) the form and manner of applications, notifications and end-user certificates;
  (b) fees under section 25;
  (c) the form and content of records and reports; and
  (d) anything that this Act requires or permits to be prescribed.
(2) Every regulation under this Act shall be laid before Parliament after its publication in the Gazette.
## 48|Transitional provisions
(1) Applications for licences made under the Export Control Act and still pending when this Act comes into operation shall be decided under that Act.
(2) A licence in force under the Export Control Act immediately before this Act comes into operation shall continue on its terms until it expires or until twelve months after that date, whichever is earlier, and section 22 applies to it.
(3) Records that the Export Control Act required to be kept shall be retained for the period required by section 26(3) as if they had been made under this Act.
## 49|Repeal
(1) The Export Control Act (Cap. 118) is repealed.
(2) References in any written law or document to the Export Control Act shall be read as references to this Act.
### SCHEDULE|(section 5(3))|CONSTITUTION AND PROCEEDINGS OF THE STRATEGIC TRADE ADVISORY BOARD
1. An appointed member of the Board holds office for three years, may be reappointed, and may be removed by the Minister for incapacity or misconduct.
2. Five members form a quorum; a member with a personal or commercial interest in a matter shall disclose it and take no part in the Board's deliberations on it.
3. The Controller shall provide the secretariat, and the Board may otherwise regulate its own procedure.
"""


def _set_base_styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    h1 = doc.styles["Heading 1"]
    h1.font.name = "Times New Roman"
    h1.font.size = Pt(13)
    h1.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h1.paragraph_format.space_before = Pt(18)
    h1.paragraph_format.space_after = Pt(6)


def _centered(doc: Document, text: str, size: int = 12, bold: bool = False, italic: bool = False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    return p


def _definition(doc: Document, line: str) -> None:
    m = re.match(r"^(“[^”]+”)(.*)$", line)
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Cm(1.0)
    if m:
        p.add_run(m.group(1)).bold = True
        p.add_run(m.group(2))
    else:
        p.add_run(line)


def build(out: Path) -> Path:
    doc = Document()
    _set_base_styles(doc)
    for text, size, bold in TITLE_BLOCK:
        _centered(doc, text, size, bold)
    _centered(doc, "A BILL", 12, True)
    _centered(doc, "for", 12, False, True)
    p = doc.add_paragraph(LONG_TITLE)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p = doc.add_paragraph(ENACTING_FORMULA)
    p.paragraph_format.space_before = Pt(12)

    for raw in BODY.strip("\n").split("\n"):
        if not raw.strip():
            continue
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if raw.startswith("### "):
            heading, ref, title = raw[4:].split("|")
            doc.add_heading(heading, level=1)
            _centered(doc, ref, 11, False, True)
            _centered(doc, title, 12, True)
        elif raw.startswith("# "):
            doc.add_heading(raw[2:], level=1)
        elif raw.startswith("## "):
            num, heading = raw[3:].split("|")
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(10)
            p.paragraph_format.keep_with_next = True
            p.add_run(f"{num}. {heading}").bold = True
        elif indent >= 4:
            p = doc.add_paragraph(stripped)
            p.paragraph_format.left_indent = Cm(2.0)
        elif indent >= 2 and stripped.startswith("“"):
            _definition(doc, stripped)
        elif indent >= 2:
            p = doc.add_paragraph(stripped)
            p.paragraph_format.left_indent = Cm(1.0)
        else:
            doc.add_paragraph(stripped)

    cp = doc.core_properties
    cp.author = "Office of the Parliamentary Counsel, Republic of Veradia"
    cp.last_modified_by = "Office of the Parliamentary Counsel, Republic of Veradia"
    cp.title = "Strategic Goods (Control) Bill, 2026"
    cp.subject = "Demo draft for the export-control drafting assistant (fictional)"
    cp.keywords = "export control; strategic goods; demo"
    cp.comments = "Fictional bill written for testing; not a real law."
    cp.category = "Bill"
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE
    cp.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_stable_zip(buf.getvalue(), out)
    return out


def _write_stable_zip(data: bytes, out: Path) -> None:
    """Rewrite the package with fixed entry timestamps so that the file is byte-stable."""
    src = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    out.write_bytes(target.getvalue())


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent / "demo_draft.docx"
    out = Path(argv[1]) if len(argv) > 1 else default
    build(out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

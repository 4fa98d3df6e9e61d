import type { DisputeReason, EvidenceKind, Party } from '../../shared/domain/model';
import type { Money } from '../../shared/domain/money';
import type { Culture } from './catalog';

/**
 * What buyers and sellers write during a dispute, per language. Placeholders in braces are filled
 * by `fill`: {ordered} {received} {tracking} {amount} {address}.
 */
interface Phrases {
  complaint: Record<DisputeReason, string>;
  sellerTracking: string;
  sellerAskProof: string;
  sellerOffer: string;
  sellerOfferReturn: string;
  sellerAddress: string;
  buyerCounter: string;
  buyerRejects: string;
  buyerEscalates: string;
  buyerCancels: string;
  buyerShippedReturn: string;
  evidence: Record<Party, Record<EvidenceKind, string>>;
}

/** The phrase bank: one small set per language the demo parties write in. */
export const phrases: Readonly<Record<Culture, Phrases>> = {
  en: {
    complaint: {
      not_received: 'My order has not arrived. The tracking has shown no update for weeks.',
      late_delivery: 'The parcel arrived long after the promised delivery date. I needed it for an event that has passed.',
      not_as_described: 'The item I received is not as described: the colour and the material are different from the listing photos.',
      quantity_short: 'I ordered {ordered} pieces but received only {received}.',
      other: 'The item stopped working after two days and the seller does not answer.',
    },
    sellerTracking: 'Dear customer, your parcel is on its way. Tracking number: {tracking}. Please wait a few more days.',
    sellerAskProof: 'Sorry for the trouble. Could you send us photos or a video of the problem?',
    sellerOffer: 'We can offer a refund of {amount} and you keep the item.',
    sellerOfferReturn: 'Please return the item and we will refund {amount} once we receive it.',
    sellerAddress: 'Please send the return to this address only: {address}',
    buyerCounter: 'I would accept {amount}.',
    buyerRejects: 'This offer is not acceptable. I want my money back.',
    buyerEscalates: 'We cannot agree. I am escalating this dispute to the platform.',
    buyerCancels: 'The parcel has arrived after all. I am cancelling my claim.',
    buyerShippedReturn: 'I have shipped the item back. Return tracking number: {tracking}.',
    evidence: {
      buyer: { photo: 'Photos of the item as received', video: 'Unboxing video showing the problem', document: 'Screenshot of the tracking page' },
      seller: { photo: 'Photo of the item before shipping', video: 'Video of the order being packed', document: 'Shipping receipt with tracking details' },
    },
  },
  zh: {
    complaint: {
      not_received: '我的订单一直没有收到，物流信息已经好几个星期没有更新了。',
      late_delivery: '包裹比承诺的送达时间晚了很久才到，我需要它的活动已经结束了。',
      not_as_described: '收到的商品与描述不符：颜色和材质都和商品图片不一样。',
      quantity_short: '我订购了{ordered}件，但只收到了{received}件。',
      other: '商品用了两天就坏了，卖家也不回复。',
    },
    sellerTracking: '亲，您的包裹正在运输中，物流单号：{tracking}，请再耐心等待几天。',
    sellerAskProof: '非常抱歉给您带来不便，请提供问题的照片或视频。',
    sellerOffer: '我们可以退款{amount}，商品您可以留着。',
    sellerOfferReturn: '请将商品退回，我们收到后退款{amount}。',
    sellerAddress: '退货请只寄到以下地址：{address}',
    buyerCounter: '退款{amount}的话我可以接受。',
    buyerRejects: '这个方案我不能接受，我要求全额退款。',
    buyerEscalates: '我们无法达成一致，我将把纠纷提交给平台处理。',
    buyerCancels: '包裹终于到了，我取消这个纠纷。',
    buyerShippedReturn: '我已经把商品寄回，退货物流单号：{tracking}。',
    evidence: {
      buyer: { photo: '收到商品的照片', video: '显示问题的开箱视频', document: '物流页面截图' },
      seller: { photo: '发货前的商品照片', video: '打包过程视频', document: '带物流单号的发货凭证' },
    },
  },
  es: {
    complaint: {
      not_received: 'Mi pedido no ha llegado. El seguimiento no se actualiza desde hace semanas.',
      late_delivery: 'El paquete llegó mucho después de la fecha de entrega prometida. Lo necesitaba para un evento que ya pasó.',
      not_as_described: 'El artículo que recibí no es como se describe: el color y el material son distintos a las fotos del anuncio.',
      quantity_short: 'Pedí {ordered} unidades pero solo recibí {received}.',
      other: 'El artículo dejó de funcionar a los dos días y el vendedor no responde.',
    },
    sellerTracking: 'Estimado cliente, su paquete está en camino. Número de seguimiento: {tracking}. Por favor, espere unos días más.',
    sellerAskProof: 'Disculpe las molestias. ¿Podría enviarnos fotos o un vídeo del problema?',
    sellerOffer: 'Podemos ofrecerle un reembolso de {amount} y usted se queda con el artículo.',
    sellerOfferReturn: 'Por favor, devuelva el artículo y le reembolsaremos {amount} cuando lo recibamos.',
    sellerAddress: 'Envíe la devolución solo a esta dirección: {address}',
    buyerCounter: 'Aceptaría {amount}.',
    buyerRejects: 'Esta oferta no es aceptable. Quiero que me devuelvan el dinero.',
    buyerEscalates: 'No llegamos a un acuerdo. Voy a escalar la disputa a la plataforma.',
    buyerCancels: 'Al final el paquete ha llegado. Cancelo mi reclamación.',
    buyerShippedReturn: 'He devuelto el artículo. Número de seguimiento de la devolución: {tracking}.',
    evidence: {
      buyer: { photo: 'Fotos del artículo tal como llegó', video: 'Vídeo del desembalaje que muestra el problema', document: 'Captura de pantalla de la página de seguimiento' },
      seller: { photo: 'Foto del artículo antes del envío', video: 'Vídeo del embalaje del pedido', document: 'Comprobante de envío con el número de seguimiento' },
    },
  },
  pt: {
    complaint: {
      not_received: 'Meu pedido não chegou. O rastreamento não é atualizado há semanas.',
      late_delivery: 'O pacote chegou muito depois da data de entrega prometida. Eu precisava dele para um evento que já passou.',
      not_as_described: 'O produto que recebi não é como descrito: a cor e o material são diferentes das fotos do anúncio.',
      quantity_short: 'Comprei {ordered} unidades, mas recebi apenas {received}.',
      other: 'O produto parou de funcionar depois de dois dias e o vendedor não responde.',
    },
    sellerTracking: 'Prezado cliente, seu pacote está a caminho. Código de rastreamento: {tracking}. Por favor, aguarde mais alguns dias.',
    sellerAskProof: 'Desculpe o transtorno. Poderia nos enviar fotos ou um vídeo do problema?',
    sellerOffer: 'Podemos oferecer um reembolso de {amount} e você fica com o produto.',
    sellerOfferReturn: 'Por favor, devolva o produto e reembolsaremos {amount} assim que o recebermos.',
    sellerAddress: 'Envie a devolução somente para este endereço: {address}',
    buyerCounter: 'Eu aceitaria {amount}.',
    buyerRejects: 'Esta oferta não é aceitável. Quero meu dinheiro de volta.',
    buyerEscalates: 'Não chegamos a um acordo. Vou escalar a disputa para a plataforma.',
    buyerCancels: 'O pacote finalmente chegou. Estou cancelando minha reclamação.',
    buyerShippedReturn: 'Já enviei o produto de volta. Código de rastreamento da devolução: {tracking}.',
    evidence: {
      buyer: { photo: 'Fotos do produto como chegou', video: 'Vídeo do unboxing mostrando o problema', document: 'Captura de tela da página de rastreamento' },
      seller: { photo: 'Foto do produto antes do envio', video: 'Vídeo da embalagem do pedido', document: 'Comprovante de envio com o código de rastreamento' },
    },
  },
  ru: {
    complaint: {
      not_received: 'Мой заказ так и не пришёл. Отслеживание не обновляется уже несколько недель.',
      late_delivery: 'Посылка пришла намного позже обещанного срока. Она была нужна мне к мероприятию, которое уже прошло.',
      not_as_described: 'Полученный товар не соответствует описанию: цвет и материал отличаются от фотографий в объявлении.',
      quantity_short: 'Я заказал(а) {ordered} шт., а получил(а) только {received}.',
      other: 'Товар перестал работать через два дня, продавец не отвечает.',
    },
    sellerTracking: 'Уважаемый покупатель, ваша посылка в пути. Трек-номер: {tracking}. Пожалуйста, подождите ещё несколько дней.',
    sellerAskProof: 'Извините за неудобства. Пришлите, пожалуйста, фото или видео проблемы.',
    sellerOffer: 'Мы можем вернуть вам {amount}, товар остаётся у вас.',
    sellerOfferReturn: 'Пожалуйста, верните товар, и мы вернём {amount} после его получения.',
    sellerAddress: 'Отправляйте возврат только по этому адресу: {address}',
    buyerCounter: 'Я готов(а) согласиться на {amount}.',
    buyerRejects: 'Это предложение меня не устраивает. Я хочу вернуть деньги.',
    buyerEscalates: 'Мы не можем договориться. Я передаю спор на рассмотрение платформы.',
    buyerCancels: 'Посылка всё-таки пришла. Я отменяю претензию.',
    buyerShippedReturn: 'Я отправил(а) товар обратно. Трек-номер возврата: {tracking}.',
    evidence: {
      buyer: { photo: 'Фото полученного товара', video: 'Видео распаковки, на котором видна проблема', document: 'Скриншот страницы отслеживания' },
      seller: { photo: 'Фото товара перед отправкой', video: 'Видео упаковки заказа', document: 'Квитанция об отправке с трек-номером' },
    },
  },
  fr: {
    complaint: {
      not_received: "Ma commande n'est jamais arrivée. Le suivi n'a pas été mis à jour depuis des semaines.",
      late_delivery: "Le colis est arrivé bien après la date de livraison promise. J'en avais besoin pour un événement qui est passé.",
      not_as_described: "L'article reçu n'est pas conforme à la description : la couleur et la matière diffèrent des photos de l'annonce.",
      quantity_short: "J'ai commandé {ordered} pièces mais je n'en ai reçu que {received}.",
      other: "L'article a cessé de fonctionner au bout de deux jours et le vendeur ne répond pas.",
    },
    sellerTracking: 'Cher client, votre colis est en route. Numéro de suivi : {tracking}. Merci de patienter encore quelques jours.',
    sellerAskProof: 'Désolé pour le désagrément. Pourriez-vous nous envoyer des photos ou une vidéo du problème ?',
    sellerOffer: "Nous pouvons vous rembourser {amount} et vous gardez l'article.",
    sellerOfferReturn: "Merci de retourner l'article ; nous vous rembourserons {amount} dès réception.",
    sellerAddress: 'Envoyez le retour uniquement à cette adresse : {address}',
    buyerCounter: "J'accepterais {amount}.",
    buyerRejects: "Cette offre n'est pas acceptable. Je veux être remboursé.",
    buyerEscalates: 'Nous ne parvenons pas à un accord. Je transmets le litige à la plateforme.',
    buyerCancels: "Le colis est finalement arrivé. J'annule ma réclamation.",
    buyerShippedReturn: "J'ai renvoyé l'article. Numéro de suivi du retour : {tracking}.",
    evidence: {
      buyer: { photo: "Photos de l'article tel que reçu", video: 'Vidéo du déballage montrant le problème', document: "Capture d'écran de la page de suivi" },
      seller: { photo: "Photo de l'article avant l'expédition", video: "Vidéo de l'emballage de la commande", document: "Justificatif d'expédition avec le numéro de suivi" },
    },
  },
};

/** Fills `{name}` placeholders; a name without a value stays as written so a gap is visible. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount as the writer would type it ("12,50 €", "US$18.99"). Every demo currency has two minor
 * digits; formatters are cached because building one costs far more than using it.
 */
export function formatMoney(money: Money, language: string): string {
  const key = `${language}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(language, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  return formatter.format(money.amountMinor / 100);
}
